//! Issue 15 §6: tasks that pause. Hand-worked timelines checked field by
//! field (a resume into a free slot; a resume that waits for the agent's
//! slot, ahead of a new offer; a pause that would fall after the work ends
//! and so does not happen), Connect's pause fields in the contact records,
//! bad input, conservation, determinism across threads, and a theory check
//! (Little's law for the tasks in pause; slot time per task = the talk).

use ccsim::center::spec::{Channel, InitiationMethod};
use ccsim::center::{AgentActivity, Outcome, PauseRecord};
use ccsim::engine::{SimDuration, SimTime};
use ccsim::exec::run_scenario;
use ccsim::output::records::RecordFormatter;
use ccsim::stats::{Metric, Scope};

use crate::common::{
    assert_interval_holds, at, bundled, ci99, collect, each_contact_reported_once, problems,
    record_of, replication_values, spec,
};

/// One agent with one task slot; `claim` pauses (probability 1) after 2
/// minutes of its 10 for 5 minutes; `other` tasks never pause.
///
/// On paper (tasks: no whisper; auto-accept in 0 s; no ACW):
/// - t=0    claim A offered, connected; pause due at 120.
/// - t=60   other B arrives: the agent's only slot is A's → B waits.
/// - t=120  A pauses: the slot is free → B is offered and connected.
/// - t=420  A's pause is over, but B holds the slot → A waits to resume.
/// - t=600  other C arrives and waits.
/// - t=720  B ends: A resumes first (ahead of C), 480 s of work left.
/// - t=1200 A ends; C is offered and connected; C ends at 1800.
const WAITING_RESUME: &str = r#"
[simulation]
seed = 7
replications = 1
horizon = "1h"
interval = "1h"

[[queues]]
name = "q"

[[routing_profiles]]
name = "p"
queues = [{ queue = "q", channels = ["task"] }]
concurrency = { task = 1 }

[[agent_groups]]
name = "solo"
routing_profile = "p"
headcount = 1
auto_accept = true

[[sources]]
name = "claim"
method = "api_task"
arrival_times = ["0s"]
queue = "q"
pause = { probability = 1.0, after = "2m", duration = "5m" }
customer = { talk = "10m" }

[[sources]]
name = "other"
method = "api_task"
arrival_times = ["60s", "600s"]
queue = "q"
customer = { talk = "10m" }
"#;

#[test]
fn a_resume_waits_for_the_agents_slot_ahead_of_a_new_offer() {
    let s = spec(WAITING_RESUME);
    let out = collect(&s, 0);
    assert_eq!(out.ended.len(), 3, "{:#?}", out.ended);
    let a = record_of(&s, &out, "claim", InitiationMethod::Api);
    assert_eq!(a.channel, Channel::Task);
    assert_eq!(a.outcome, Outcome::Handled);
    assert_eq!(a.enqueued, at(0.0));
    assert_eq!(a.dequeued, at(0.0));
    assert_eq!(a.connected, at(0.0));
    // Its work is the drawn talk: the pause is not interaction time.
    assert_eq!(a.talk, SimDuration::from_secs_f64(600.0));
    assert_eq!(a.disconnected, at(1200.0));
    assert_eq!(a.acw_start(), at(1200.0));
    assert_eq!(
        a.pause,
        Some(PauseRecord {
            count: 1,
            // Paused from 120 to the resume at 720, of which 420 → 720
            // waiting for B to free the slot.
            total: SimDuration::from_secs_f64(600.0),
            resume_wait: SimDuration::from_secs_f64(300.0),
        })
    );
    let others: Vec<_> = out.ended.iter().filter(|r| r.id != a.id).cloned().collect();
    let (b, c) = (&others[0], &others[1]);
    // B took the slot A's pause freed.
    assert_eq!(
        (b.enqueued, b.dequeued, b.connected),
        (at(60.0), at(120.0), at(120.0))
    );
    assert_eq!(b.disconnected, at(720.0));
    assert_eq!(b.pause, None, "a source without pause: no pause fields");
    // C waited behind A's resume, not the other way round.
    assert_eq!(
        (c.enqueued, c.dequeued, c.connected),
        (at(600.0), at(1200.0), at(1200.0))
    );
    assert_eq!(c.disconnected, at(1800.0));
    each_contact_reported_once(&out, "waiting resume");
}

/// As [`WAITING_RESUME`] with two task slots and no other work: A's pause
/// ends with a slot free, so it resumes at once. `late` would pause after
/// 10 minutes of its 10: the work ends first, so it never pauses.
///
/// On paper: A connected at 0, paused 120 → 420, ends at 900 (600 s of
/// work); late connected at 0, ends at 600.
const FREE_SLOT_RESUME: &str = r#"
[simulation]
seed = 7
replications = 1
horizon = "1h"
interval = "1h"

[[queues]]
name = "q"

[[routing_profiles]]
name = "p"
queues = [{ queue = "q", channels = ["task"] }]
concurrency = { task = 2 }

[[agent_groups]]
name = "solo"
routing_profile = "p"
headcount = 1
auto_accept = true

[[sources]]
name = "claim"
method = "api_task"
arrival_times = ["0s"]
queue = "q"
pause = { probability = 1.0, after = "2m", duration = "5m" }
customer = { talk = "10m" }

[[sources]]
name = "late"
method = "api_task"
arrival_times = ["0s"]
queue = "q"
pause = { probability = 1.0, after = "10m", duration = "5m" }
customer = { talk = "10m" }
"#;

#[test]
fn a_resume_into_a_free_slot_and_a_pause_after_the_work_ends() {
    let s = spec(FREE_SLOT_RESUME);
    let out = collect(&s, 0);
    let a = record_of(&s, &out, "claim", InitiationMethod::Api);
    assert_eq!(a.connected, at(0.0));
    assert_eq!(a.talk, SimDuration::from_secs_f64(600.0));
    assert_eq!(a.disconnected, at(900.0));
    assert_eq!(
        a.pause,
        Some(PauseRecord {
            count: 1,
            total: SimDuration::from_secs_f64(300.0),
            resume_wait: SimDuration::ZERO,
        })
    );
    let late = record_of(&s, &out, "late", InitiationMethod::Api);
    assert_eq!(late.connected, at(0.0));
    assert_eq!(late.disconnected, at(600.0));
    // Its source pauses, so it carries the fields, with no pause.
    assert_eq!(late.pause, Some(PauseRecord::default()));
    // The agent is on contacts 0 → 900 (late's work overlaps A's pause);
    // with `late` alone it would be available during the pause: see
    // `paused_time_is_not_time_on_contact`.
    each_contact_reported_once(&out, "free-slot resume");
}

/// With A alone, the agent is available during A's pause: paused time is
/// neither on-contact time nor slot time.
#[test]
fn paused_time_is_not_time_on_contact() {
    let alone = FREE_SLOT_RESUME
        .split("[[sources]]\nname = \"late\"")
        .next()
        .unwrap_or_default();
    let s = spec(alone);
    let out = collect(&s, 0);
    assert_eq!(out.ended.len(), 1);
    let ms = |x: f64| SimTime((x * 1000.0) as u64);
    let stretches: Vec<(AgentActivity, SimTime, SimTime)> = out
        .agent_time
        .iter()
        .filter(|(_, _, from, to)| to > from && *to <= ms(900.0))
        .map(|&(_, act, from, to)| (act, from, to))
        .collect();
    assert_eq!(
        stretches,
        vec![
            (AgentActivity::OnContact, ms(0.0), ms(120.0)),
            (AgentActivity::Available, ms(120.0), ms(420.0)),
            (AgentActivity::OnContact, ms(420.0), ms(900.0)),
        ]
    );
}

/// Connect's fields in the JSON record: `TotalPauseCount` and
/// `TotalPauseDurationInSeconds` at the top, `AgentPauseDurationInSeconds`
/// in `Agent`, the resume wait in `Attributes`; none on other contacts.
#[test]
fn the_contact_record_carries_connects_pause_fields() {
    let s = spec(WAITING_RESUME);
    let out = collect(&s, 0);
    let f = RecordFormatter::new(&s, 0, 0);
    let a = f.to_json(&record_of(&s, &out, "claim", InitiationMethod::Api));
    assert_eq!(a["TotalPauseCount"], 1);
    assert_eq!(a["TotalPauseDurationInSeconds"], 600);
    assert_eq!(a["Agent"]["AgentPauseDurationInSeconds"], 600);
    assert_eq!(a["Agent"]["AgentInteractionDuration"], 600);
    assert_eq!(a["Attributes"]["ccsim_resume_wait_seconds"], "300");
    assert_eq!(a["InitiationMethod"], "API");
    assert_eq!(a["Channel"], "TASK");
    let b = f.to_json(&record_of(&s, &out, "other", InitiationMethod::Api));
    assert!(b.get("TotalPauseCount").is_none(), "{b}");
    assert!(b["Agent"].get("AgentPauseDurationInSeconds").is_none());
}

#[test]
fn bad_pause_settings_name_the_field() {
    let bad = WAITING_RESUME.replace(
        "pause = { probability = 1.0, after = \"2m\", duration = \"5m\" }",
        "pause = { probability = 1.5, after = \"2m\", duration = \"5m\", max_pauses = 0 }",
    );
    let p = problems(&bad);
    assert!(p.contains("sources[0].pause.probability"), "{p}");
    assert!(p.contains("sources[0].pause.max_pauses"), "{p}");
    let negative = WAITING_RESUME.replace("after = \"2m\"", "after = \"-2m\"");
    let p = problems(&negative);
    assert!(p.contains("sources[0].pause.after"), "{p}");
    let chat = WAITING_RESUME.replacen("method = \"api_task\"", "method = \"api_chat\"", 1);
    let p = problems(&chat);
    assert!(
        p.contains("sources[0].pause") && p.contains("only task sources pause"),
        "{p}"
    );
}

/// The bundled scenario: every contact ends once, every paused task's
/// times add up (connected + talk + pauses = ACW start), and no agent
/// ever holds more tasks than its concurrency.
#[test]
fn the_bundled_scenario_conserves_contacts_and_time() {
    let s = bundled("task_pause.toml");
    for rep in 0..2 {
        let out = collect(&s, rep);
        each_contact_reported_once(&out, "task_pause.toml");
        let mut paused = 0;
        for r in out.ended.iter().filter(|r| r.outcome == Outcome::Handled) {
            let p = r.pause.unwrap_or_else(|| panic!("no pause record: {r:#?}"));
            assert!(p.count <= 2 && p.resume_wait <= p.total, "{r:#?}");
            paused += u64::from(p.count > 0);
            let (Some(c), Some(acw)) = (r.connected, r.acw_start()) else {
                panic!("{r:#?}");
            };
            assert_eq!(c + r.talk + p.total, acw, "{r:#?}");
        }
        assert!(paused > 100, "too few pauses to test anything: {paused}");
        assert!(out
            .slots
            .iter()
            .all(|&(_, ch, used, _)| ch == Channel::Task && used <= 3));
    }
}

#[test]
fn the_bundled_scenario_is_the_same_on_one_and_two_threads() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let one = crate::common::run_bundled_into(&tmp.path().join("1"), "task_pause.toml", "1");
    let two = crate::common::run_bundled_into(&tmp.path().join("2"), "task_pause.toml", "2");
    assert!(one.len() >= 3, "{:?}", one.keys());
    assert_eq!(one, two, "outputs differ between 1 and 2 threads");
}

// --- theory ------------------------------------------------------------------------

/// Ten agents with ten task slots each, 60 tasks an hour of exponential
/// work (mean 10 min): about one task per agent, so a task ready to resume
/// practically never finds its agent's ten slots full. Half the tasks
/// would pause after an exponential 4 min of work, for an exponential 30
/// min; a pause falls within the work with probability (1/4)/(1/4 + 1/10)
/// = 5/7.
const LITTLE: &str = r#"
[simulation]
seed = 1515
replications = 20
horizon = "10h"
interval = "1h"
warmup = "2h"

[[queues]]
name = "q"

[[routing_profiles]]
name = "p"
queues = [{ queue = "q", channels = ["task"] }]
concurrency = { task = 10 }

[[agent_groups]]
name = "team"
routing_profile = "p"
headcount = 10
auto_accept = true

[[sources]]
name = "tasks"
method = "api_task"
rate_per_hour = 60
queue = "q"
pause = { probability = 0.5, after = { dist = "exponential", mean = "4m" }, duration = { dist = "exponential", mean = "30m" } }
customer = { talk = { dist = "exponential", mean = "10m" } }
"#;

/// Little's law for the tasks in pause: their time-average number is
/// λ · P(pause) · E[pause] = 60/h · 0.5 · 5/7 · 0.5 h = 75/7 ≈ 10.71.
/// Estimated per replication as Σ pause time of the tasks initiated in the
/// 8 h window ÷ 8 h (an unbiased estimator: each task's expected pause
/// time is P(pause) · E[pause], no resume waits). And paused time takes no
/// slot: task-slot occupancy is λ · E[work] ÷ slots = 10 ÷ 100 = 0.1
/// exactly (counting pauses it would be ≈ 0.207). Both within the 99 % CI
/// of 20 replications (seed fixed), which must be narrow (10 %, 5 %).
#[test]
fn pauses_follow_littles_law_and_take_no_slot_time() {
    let s = spec(LITTLE);
    let summary = run_scenario(&s, None, &|| {});
    let pauses = replication_values(&summary, &Scope::Total, Metric::TaskPauses);
    let mean_pause = replication_values(&summary, &Scope::Total, Metric::TaskPauseMeanSeconds);
    let waits = replication_values(&summary, &Scope::Total, Metric::TaskResumeWaitMeanSeconds);
    assert!(waits.iter().all(|w| *w < 1.0), "resume waits: {waits:?}");
    let window_s = 8.0 * 3600.0;
    let in_pause: Vec<f64> = pauses
        .iter()
        .zip(mean_pause)
        .map(|(n, m)| n * m / window_s)
        .collect();
    let (l, half) = ci99(&in_pause);
    assert_interval_holds(
        "tasks in pause",
        l,
        half,
        60.0 * 0.5 * (5.0 / 7.0) * 0.5,
        0.10,
    );
    let occ = replication_values(
        &summary,
        &Scope::Group("team".into()),
        Metric::ChannelSlotOccupancy(Channel::Task),
    );
    let (o, half) = ci99(occ);
    assert_interval_holds("task slot occupancy", o, half, 0.1, 0.05);
}

/// The headcount drops to 0 at 10 min while the agent holds only a paused
/// task (no slot in use): it does not log out but stays, leaving, until
/// the task is done.
///
/// On paper: A connected at 0, paused 120 → 1020 (15 min); at 600 the
/// agent is due to go but holds A; at 1020 A resumes (a free slot: a
/// resume is not an offer, so a leaving agent takes it), 480 s left, and
/// ends at 1500; the agent then logs out.
const LEAVING_WITH_A_PAUSED_TASK: &str = r#"
[simulation]
seed = 7
replications = 1
horizon = "1h"
interval = "10m"

[[queues]]
name = "q"

[[routing_profiles]]
name = "p"
queues = [{ queue = "q", channels = ["task"] }]
concurrency = { task = 1 }

[[agent_groups]]
name = "solo"
routing_profile = "p"
headcount = [1, 0, 0, 0, 0, 0]
auto_accept = true

[[sources]]
name = "claim"
method = "api_task"
arrival_times = ["0s"]
queue = "q"
pause = { probability = 1.0, after = "2m", duration = "15m" }
customer = { talk = "10m" }
"#;

#[test]
fn an_agent_due_to_leave_stays_until_its_paused_task_is_done() {
    let s = spec(LEAVING_WITH_A_PAUSED_TASK);
    let out = collect(&s, 0);
    let a = record_of(&s, &out, "claim", InitiationMethod::Api);
    assert_eq!(a.outcome, Outcome::Handled);
    assert_eq!(a.disconnected, at(1500.0));
    assert_eq!(
        a.pause,
        Some(PauseRecord {
            count: 1,
            total: SimDuration::from_secs_f64(900.0),
            resume_wait: SimDuration::ZERO,
        })
    );
    let ms = |x: f64| SimTime((x * 1000.0) as u64);
    // Still logged in (on its contact) while it finishes the task, and
    // gone afterwards.
    assert!(
        out.agent_time
            .iter()
            .any(|&(_, act, from, to)| act == AgentActivity::OnContact
                && from == ms(1020.0)
                && to == ms(1500.0)),
        "{:?}",
        out.agent_time
    );
    assert!(
        out.agent_time.iter().all(|&(_, _, _, to)| to <= ms(1500.0)),
        "{:?}",
        out.agent_time
    );
    each_contact_reported_once(&out, "leaving with a paused task");
}

/// One agent on a one-hour shift from midnight with a 10-minute break at
/// 5 minutes; task A arrives at 0, works 10 minutes and pauses (probability
/// 1) after 2 for 5 minutes.
///
/// On paper (no whisper; auto-accept in 0 s; no ACW):
/// - t=0    A offered, connected; pause due at 120.
/// - t=120  A pauses: the agent holds it but no slot.
/// - t=300  the break falls due: nothing in a slot, so the agent goes now
///   (a paused task holds no slot; only a shift's end waits for it).
/// - t=420  A's pause is over, but its agent is away: A waits.
/// - t=900  the agent is back: A resumes first, 480 s of work left.
/// - t=1380 A ends. The shift ends at 3600.
const BREAK_WITH_A_PAUSED_TASK: &str = r#"
[simulation]
seed = 7
replications = 1
start = "2026-01-05T00:00:00Z"
horizon = "2h"
interval = "10m"

[[queues]]
name = "q"

[[routing_profiles]]
name = "p"
queues = [{ queue = "q", channels = ["task"] }]
concurrency = { task = 1 }

[[shift_templates]]
name = "hour"
start = "00:00"
length = "1h"
breaks = [{ name = "break", length = "10m", window = ["5m", "30m"] }]

[[agent_groups]]
name = "solo"
routing_profile = "p"
shifts = [{ template = "hour", start = "00:00", agents = 1, breaks = ["5m"] }]
auto_accept = true

[[sources]]
name = "claim"
method = "api_task"
arrival_times = ["0s"]
queue = "q"
pause = { probability = 1.0, after = "2m", duration = "5m" }
customer = { talk = "10m" }
"#;

#[test]
fn a_break_goes_ahead_with_a_paused_task_which_resumes_on_the_agents_return() {
    let s = spec(BREAK_WITH_A_PAUSED_TASK);
    let out = collect(&s, 0);
    let a = record_of(&s, &out, "claim", InitiationMethod::Api);
    assert_eq!(a.outcome, Outcome::Handled);
    assert_eq!(a.disconnected, at(1380.0));
    assert_eq!(
        a.pause,
        Some(PauseRecord {
            count: 1,
            total: SimDuration::from_secs_f64(780.0),
            resume_wait: SimDuration::from_secs_f64(480.0),
        })
    );
    let ms = |x: f64| SimTime((x * 1000.0) as u64);
    // Nothing is reported while the agent is on its break, and it is on
    // the task again from its return to the task's end.
    assert!(
        out.agent_time
            .iter()
            .all(|&(_, _, from, to)| to <= ms(300.0) || from >= ms(900.0)),
        "{:?}",
        out.agent_time
    );
    assert!(
        out.agent_time
            .iter()
            .any(|&(_, act, from, to)| act == AgentActivity::OnContact
                && from == ms(900.0)
                && to == ms(1380.0)),
        "{:?}",
        out.agent_time
    );
    each_contact_reported_once(&out, "a break with a paused task");
}
