//! `ccsim schedule` (issue 11, section 2): shift templates → variants →
//! the integer program, on a mix worked out by hand; intervals no template
//! covers; a schedule for `staffing_day`-like data that meets the targets
//! in every interval on seeds neither the search nor the verification
//! used; the same bytes on 1 and 2 threads; bad input, exit code 2.

use std::path::{Path, PathBuf};
use std::process::Command;

use ccsim::center::shifts::{BreakRule, ShiftTemplate};
use ccsim::center::spec::CenterSpec;
use ccsim::engine::SimDuration;
use ccsim::staffing::search::{simulate, StaffingOptions};
use ccsim::staffing::targets::{check_interval, Confidence};
use ccsim::workforce::plan::menu;
use ccsim::workforce::schedule::{schedule_group, with_schedule};
use ccsim::workforce::{plan, Objective, ScheduleError, ScheduleOptions};

use super::common::spec;

fn minutes(m: u64) -> SimDuration {
    SimDuration(m * 60_000)
}

/// A center open 08:00–12:00 in one-hour intervals (2026-01-05 is a
/// Monday), its one group scheduled.
const FOUR_HOURS: &str = r#"
[simulation]
seed = 5
replications = 2
start = "2026-01-05T08:00:00Z"
horizon = "4h"
interval = "1h"

[[queues]]
name = "q"
targets = { service_level = { threshold = "20s", target = 0.8 } }

[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }]

[[agent_groups]]
name = "g"
routing_profile = "p"
headcount = 1

[[sources]]
name = "s"
rate_per_hour = 10
queue = "q"
customer = { talk = { dist = "exponential", mean = "3m" } }
"#;

/// The hand-worked templates: A, 4 h from 08:00 with a 1 h break starting
/// 1 h–2 h in (at 09:00 or 10:00 on the hourly grid); B, 2 h from 09:00.
fn hand_spec() -> CenterSpec {
    let mut s = spec(FOUR_HOURS);
    s.shift_templates = vec![
        ShiftTemplate {
            name: "A".into(),
            starts: vec![minutes(8 * 60)],
            length: minutes(4 * 60),
            days: [true; 7],
            breaks: vec![BreakRule {
                name: "break".into(),
                length: minutes(60),
                earliest: minutes(60),
                latest: minutes(120),
            }],
        },
        ShiftTemplate {
            name: "B".into(),
            starts: vec![minutes(9 * 60)],
            length: minutes(2 * 60),
            days: [true; 7],
            breaks: Vec::new(),
        },
    ];
    s
}

/// Agents per (template name, start, break starts) of a group's schedule.
fn mix(
    s: &CenterSpec,
    g: &ccsim::workforce::schedule::GroupSchedule,
) -> Vec<(String, u64, Vec<u64>, u32)> {
    g.shifts
        .iter()
        .map(|(v, k)| {
            (
                s.shift_templates[v.template].name.clone(),
                v.start.as_millis() / 60_000,
                v.break_starts
                    .iter()
                    .map(|b| b.as_millis() / 60_000)
                    .collect(),
                *k,
            )
        })
        .collect()
}

/// Requirement [1, 3, 1, 0] agents present at 08, 09, 10, 11, no
/// shrinkage. By hand (as in `workforce::program`'s unit test, here from
/// the templates): only A covers 08:00, so one A at least (4 h). A with its
/// break at 10:00 is on the phones at 09:00, which then needs 2 B (4 h):
/// 8 h. With the break at 09:00, 09:00 needs 3 B: 10 h. Two A cost 8 h and
/// still leave 09:00 short. Paid hours: A (break 10:00) + 2 B = 8 h.
/// Least |coverage − requirement|: A (break 10:00) + 1 B gives [1,2,1,1],
/// deviation 2, and + 2 B gives [1,3,2,1], also 2 — every other mix is
/// worse; the tie goes to fewer paid hours: A + 1 B, 6 h.
#[test]
fn templates_to_the_hand_worked_mix() {
    let s = hand_spec();
    let m = menu(&s).unwrap_or_else(|e| panic!("{e}"));
    // A: 2 break placements; B: 1.
    assert_eq!(m.variants.len(), 3);
    let paid = schedule_group(&s, &m, 0, &[1, 3, 1, 0], &[], 0.0, Objective::PaidHours)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        mix(&s, &paid),
        vec![
            ("A".to_string(), 8 * 60, vec![120], 1),
            ("B".to_string(), 9 * 60, vec![], 2)
        ]
    );
    assert_eq!(paid.paid_hours, 8.0);
    assert_eq!(paid.scheduled, vec![1.0, 3.0, 2.0, 1.0]);
    let cover = schedule_group(&s, &m, 0, &[1, 3, 1, 0], &[], 0.0, Objective::Coverage)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        mix(&s, &cover),
        vec![
            ("A".to_string(), 8 * 60, vec![120], 1),
            ("B".to_string(), 9 * 60, vec![], 1)
        ]
    );
    assert_eq!(cover.paid_hours, 6.0);
    // 09:00 firm (a repair round raised it): covered in full, 3, which
    // only A (break 10:00) + 2 B reach with the least deviation.
    let firm = schedule_group(
        &s,
        &m,
        0,
        &[1, 3, 1, 0],
        &[false, true, false, false],
        0.0,
        Objective::Coverage,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(firm.scheduled, vec![1.0, 3.0, 2.0, 1.0]);
    assert_eq!(firm.paid_hours, 8.0);
}

/// Shrinkage divides the requirement: 3 present at 09:00 with 25 %
/// shrinkage need 4 on the phones (3 ÷ 0.75), 1 needs 2 (1.33 rounded up).
#[test]
fn shrinkage_divides_the_requirement() {
    let s = hand_spec();
    let m = menu(&s).unwrap_or_else(|e| panic!("{e}"));
    let g = schedule_group(&s, &m, 0, &[1, 3, 1, 0], &[], 0.25, Objective::PaidHours)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(g.need, vec![2.0, 4.0, 2.0, 0.0]);
    for i in 0..4 {
        assert!(
            g.scheduled[i] >= g.need[i],
            "interval {i}: {:?}",
            g.scheduled
        );
        assert!((g.expected_present[i] - 0.75 * g.scheduled[i]).abs() < 1e-12);
    }
}

/// Shrinkage past 90 % is refused: at 0.999999 the schedule needed a
/// million agents per one present and its check by simulation never ended.
#[test]
fn shrinkage_past_ninety_percent_is_refused_with_the_fix() {
    let s = hand_spec();
    let m = menu(&s).unwrap_or_else(|e| panic!("{e}"));
    assert!(schedule_group(&s, &m, 0, &[1, 3, 1, 0], &[], 0.9, Objective::PaidHours).is_ok());
    for total in [0.95, 0.999999, 1.0, -0.1] {
        match schedule_group(&s, &m, 0, &[1, 3, 1, 0], &[], total, Objective::PaidHours) {
            Err(e @ ScheduleError::Shrinkage { .. }) => {
                let text = e.to_string();
                assert!(text.contains("fix:") && text.contains("0.9"), "{text}");
            }
            other => panic!("{total}: expected a shrinkage error, got {other:?}"),
        }
    }
    let text = schedule_group(&s, &m, 0, &[1], &[], 0.999999, Objective::PaidHours)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        text.contains("1000000 agents for each one present"),
        "{text}"
    );
}

/// 11:00 needs an agent; with A gone, no template works 11:00.
#[test]
fn an_interval_no_template_covers_is_named() {
    let mut s = hand_spec();
    s.shift_templates.remove(0);
    let m = menu(&s).unwrap_or_else(|e| panic!("{e}"));
    match schedule_group(&s, &m, 0, &[0, 1, 1, 1], &[], 0.0, Objective::PaidHours) {
        Err(e @ ScheduleError::Uncoverable { .. }) => {
            let text = e.to_string();
            assert!(text.contains("2026-01-05T11:00:00"), "{text}");
            assert!(!text.contains("T10:00"), "{text}");
        }
        other => panic!("expected an uncoverable interval, got {other:?}"),
    }
}

/// Runs `ccsim schedule` with `args`; (exit code, stdout, stderr).
fn ccsim_schedule(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .arg("schedule")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bad_input_exits_2() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("out");
    let out = out.to_string_lossy();
    let staffing = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/staffing_day.toml");
    let staffing = staffing.to_string_lossy();
    // A scenario without shift templates.
    let (code, _, err) = ccsim_schedule(&[&staffing, "--out", &out, "--quiet"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("shift_templates"), "{err}");
    // No rounds at all.
    let (code, _, err) = ccsim_schedule(&[&staffing, "--max-iterations", "0", "--quiet"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--max-iterations"), "{err}");
    // Nothing was written.
    assert!(!dir.path().join("out").exists());
}

/// The per-interval search spends its rounds of adding agents far below
/// the per-group limit when one replication's estimates are too noisy to
/// settle (a fuzz campaign's find: the message said "no staffing up to
/// 2000 agents" with 35 tried, and pointed at the targets). It now says
/// the rounds ran out, and that more replications are the fix.
#[test]
fn a_search_too_noisy_to_settle_says_so_and_not_the_limit() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("out");
    let week = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/schedule_week.toml");
    let (code, _, err) = ccsim_schedule(&[
        &week.to_string_lossy(),
        "--replications",
        "1",
        "--out",
        &out.to_string_lossy(),
        "--quiet",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("rounds of adding agents"), "{err}");
    assert!(err.contains("--replications"), "{err}");
    assert!(!err.contains("up to 2000"), "{err}");
    assert!(!out.exists());
}

/// `tests/fixtures/schedule/day.toml`: `scenarios/staffing_day.toml`'s day
/// (08:00–16:00, 60 to 260 calls an hour) staffed by shifts — a full day
/// with a break and a lunch, four-hour shifts from 08:00, 10:00 or 12:00
/// with a break — and 10 % absenteeism.
fn day_spec() -> CenterSpec {
    ccsim::scenario::load(&fixture("day.toml")).unwrap_or_else(|e| panic!("{e}"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/schedule")
        .join(name)
}

fn options(threads: usize) -> ScheduleOptions {
    ScheduleOptions {
        objective: Objective::PaidHours,
        staffing: StaffingOptions {
            confidence: Confidence::Mean,
            threads: Some(threads),
            ..StaffingOptions::default()
        },
        max_iterations: 8,
    }
}

/// The schedule `ccsim schedule` builds meets every interval's target on
/// its verification seeds (by the mean, the confidence asked for); then,
/// on seeds no step used (the search's, its check's and the
/// verification's are the scenario's seed, + 0x5eed and + 0x5c4ed01e), no
/// interval misses its target beyond the simulation's 95 % confidence
/// interval. (An interval whose true service level sits just above the
/// target falls either side of it on other seeds by chance; what the
/// simulation can assert is that none is significantly below.)
#[test]
fn a_schedule_meets_the_targets_on_unused_seeds() {
    let s = day_spec();
    let p = plan(&s, options(2), &|_| {}).unwrap_or_else(|e| panic!("{e}"));
    assert!(p.simulated.missed.is_empty(), "{:?}", p.simulated.missed);
    let g = &p.simulated.groups[0];
    for i in 0..s.interval_count() {
        assert!(g.scheduled[i] + 1e-9 >= g.need[i], "interval {i}");
    }
    let mut fresh = with_schedule(&s, &p.simulated.groups);
    fresh.seed = s.seed.wrapping_add(0xC0FFEE);
    let summary = simulate(&fresh, Some(2), &[], None).unwrap_or_else(|e| panic!("{e}"));
    for i in 0..s.interval_count() as u32 {
        for t in check_interval(&s, &summary, i, Confidence::Mean).targets {
            let (mean, half) = (t.mean.unwrap_or(f64::NAN), t.ci95.unwrap_or(0.0));
            let reachable = if t.at_least {
                mean + half >= t.target
            } else {
                mean - half <= t.target
            };
            assert!(
                reachable,
                "interval {i}: {} {mean} ± {half} vs {}",
                t.metric, t.target
            );
        }
    }
}

/// The same files, byte for byte, on one thread and on two; the
/// scenario written beside them loads, and staffs the group by the shifts
/// of `schedule.csv`.
#[test]
fn schedules_do_not_depend_on_threads() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let scenario = fixture("day.toml");
    let run = |threads: &str| {
        let out = dir.path().join(format!("t{threads}"));
        let (code, stdout, err) = ccsim_schedule(&[
            &scenario.to_string_lossy(),
            "--replications",
            "6",
            "--threads",
            threads,
            "--quiet",
            "--out",
            &out.to_string_lossy(),
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(stdout.contains("paid h"), "{stdout}");
        out
    };
    let (one, two) = (run("1"), run("2"));
    let names = [
        "schedule.csv",
        "coverage.csv",
        "coverage_analytic.csv",
        "summary.csv",
        "coverage.svg",
        "scenario.toml",
    ];
    for name in names {
        let read = |d: &Path| std::fs::read(d.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            read(&one) == read(&two),
            "{name} differs between 1 and 2 threads"
        );
    }
    let written =
        ccsim::scenario::load(&one.join("scenario.toml")).unwrap_or_else(|e| panic!("{e}"));
    let shifts = written.groups[0].shifts.clone().unwrap_or_default();
    let csv = std::fs::read_to_string(one.join("schedule.csv")).unwrap_or_default();
    assert_eq!(shifts.len(), csv.lines().count() - 1);
    let agents: u32 = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.rsplit(',').next()?.parse::<u32>().ok())
        .sum();
    assert_eq!(shifts.iter().map(|a| a.agents).sum::<u32>(), agents);
}

/// A day of 30-minute intervals with calls 08:00–12:00 and 14:00–18:00
/// (closed for lunch and from 18:00) to queue `support` (80 % in 20 s, at
/// most 5 % abandoning): `name`, with the `templates` and agent groups
/// given.
fn split_day(name: &str, templates: &str) -> CenterSpec {
    let header = r#"name = "{name}"
[simulation]
seed = 11
replications = 4
start = "2026-01-05T00:00:00Z"
horizon = "1d"
interval = "30m"
drain = "1h"
[[queues]]
name = "support"
targets = { service_level = { threshold = "20s", target = 0.8 }, max_abandonment_rate = 0.05 }
[[routing_profiles]]
name = "support"
queues = [{ queue = "support" }]
"#
    .replace("{name}", name);
    spec(&format!(
        "{header}{templates}{}",
        r#"[[sources]]
name = "calls"
volume_per_interval = [
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  30, 40, 50, 50, 40, 40, 30, 20,
  0, 0, 0, 0,
  30, 40, 50, 50, 40, 30, 20, 10,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
]
queue = "support"
customer = { talk = { dist = "exponential", mean = "4m" }, patience = { dist = "exponential", mean = "4m" } }
"#
    ))
}

/// A center closed for lunch (12:00–14:00) and from 18:00, with shifts
/// that end when it closes. The simulation staffs 12:00 and 18:00 for the
/// calls still running there, but those have no arrivals of their own and
/// the agents finish them past their shift: the requirement there is
/// cleared (it was refused, "no shift template covers 12:00, 18:00"), and
/// the schedule meets every target on its verification seeds.
#[test]
fn a_center_closed_for_lunch_and_at_six_is_scheduled() {
    let s = split_day(
        "lunch_closed",
        r#"
[[shift_templates]]
name = "morning"
start = ["08:00"]
length = "4h"
[[shift_templates]]
name = "afternoon"
start = ["14:00"]
length = "4h"
[[agent_groups]]
name = "team"
routing_profile = "support"
auto_accept = true
shifts = [{ template = "morning", start = "08:00", agents = 5 }, { template = "afternoon", start = "14:00", agents = 5 }]
"#,
    );
    let (noon, six) = (24, 36);
    let p = plan(&s, options(1), &|_| {}).unwrap_or_else(|e| panic!("{e}"));
    let searched = &p.requirement.search.headcount[0];
    assert!(
        searched[noon] > 0 && searched[six] > 0,
        "the search staffs the calls running on: {searched:?}"
    );
    let required = &p.requirement.simulated[0];
    assert_eq!((required[noon], required[six]), (0, 0), "{required:?}");
    assert!(required[noon - 1] > 0 && required[six - 1] > 0);
    assert!(p.simulated.missed.is_empty(), "{:?}", p.simulated.missed);
}

/// Morning (08:00 or 09:00, with a break) and evening (14:00 or 15:00)
/// templates of 4 h, and `support`'s team, capped at 80 % occupancy with
/// 10 % absenteeism: the split day's staff.
const TEAM_SHIFTS: &str = r#"
[[shift_templates]]
name = "morning"
start = ["08:00", "09:00"]
length = "4h"
breaks = [{ name = "break", length = "15m", window = ["1h30m", "2h30m"] }]
[[shift_templates]]
name = "evening"
start = ["14:00", "15:00"]
length = "4h"
[[agent_groups]]
name = "team"
routing_profile = "support"
auto_accept = true
max_occupancy = 0.8
shifts = [{ template = "morning", start = "08:00", agents = 5 }, { template = "evening", start = "14:00", agents = 5 }]
shrinkage = { absenteeism = 0.1 }
"#;

/// Under `--objective coverage` the repair rounds raise a missed
/// interval's requirement and hold it firm. Without that, one more agent
/// needed at 10:30 was traded for four hours of over-coverage a shift
/// would add, and 12 rounds changed nothing: 6 intervals missed (the
/// worst 10:30's abandonment, 0.29 against 0.05).
#[test]
fn coverage_objective_repairs_reach_the_targets() {
    let s = split_day("coverage_repair", TEAM_SHIFTS);
    let opts = ScheduleOptions {
        objective: Objective::Coverage,
        max_iterations: 12,
        ..options(1)
    };
    let p = plan(&s, opts, &|_| {}).unwrap_or_else(|e| panic!("{e}"));
    assert!(p.simulated.iterations > 1, "repairs were needed");
    assert!(p.simulated.missed.is_empty(), "{:?}", p.simulated.missed);
    let g = &p.simulated.groups[0];
    for (i, firm) in g.firm.iter().enumerate() {
        if *firm {
            assert!(
                g.scheduled[i] + 1e-9 >= g.need[i],
                "firm interval {i}: {} scheduled for {}",
                g.scheduled[i],
                g.need[i]
            );
        }
    }
}

/// Two groups, each with its own queue: `support`'s team (whose Erlang C
/// schedule misses at 10:30) and `billing`'s, open from 14:00. A group
/// answers for its own queue's targets and cap: billing's rows were
/// marked missed at 10:00 (no calls, nobody scheduled) and its summary
/// row counted support's misses as its own, naming support's worst miss.
#[test]
fn a_group_answers_for_its_own_targets_only() {
    let s = split_day(
        "two_groups",
        &format!(
            "{TEAM_SHIFTS}{}",
            r#"
[[queues]]
name = "billing"
targets = { service_level = { threshold = "20s", target = 0.8 } }
[[routing_profiles]]
name = "billing"
queues = [{ queue = "billing" }]
[[agent_groups]]
name = "bill"
routing_profile = "billing"
auto_accept = true
shifts = [{ template = "evening", start = "14:00", agents = 2 }]
[[sources]]
name = "bills"
volume_per_interval = [
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 10, 10, 10, 10, 10, 10, 10, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
]
queue = "billing"
customer = { talk = { dist = "exponential", mean = "4m" }, patience = { dist = "exponential", mean = "4m" } }
"#
        ),
    );
    let opts = ScheduleOptions {
        max_iterations: 1,
        ..options(1)
    };
    let p = plan(&s, opts, &|_| {}).unwrap_or_else(|e| panic!("{e}"));
    let summary = ccsim::workforce::files::summary_csv(&s, &p).unwrap_or_else(|e| panic!("{e}"));
    let row = |group: &str| -> Vec<String> {
        let line = summary
            .lines()
            .find(|l| l.starts_with(&format!("erlang_c,{group},")))
            .unwrap_or_else(|| panic!("no erlang_c row for {group}:\n{summary}"));
        line.split(',').map(str::to_string).collect()
    };
    // Columns: intervals_missed 9, worst_miss 10.
    let (team, bill) = (row("team"), row("bill"));
    assert!(team[9] != "0" && team[10].contains("support"), "{summary}");
    assert_eq!(
        (bill[9].as_str(), bill[10].as_str()),
        ("0", ""),
        "{summary}"
    );
    let coverage =
        ccsim::workforce::files::coverage_csv(&s, &p.analytic).unwrap_or_else(|e| panic!("{e}"));
    let bill_missed: Vec<&str> = coverage
        .lines()
        .filter(|l| l.contains(",bill,billing,") && l.ends_with(",false"))
        .collect();
    assert!(bill_missed.is_empty(), "{bill_missed:?}");
    assert!(
        coverage
            .lines()
            .any(|l| l.contains(",team,support,") && l.ends_with(",false")),
        "team's miss is still on its own rows"
    );
}

/// Open at 08:00 with no shift starting before 09:00: exit 2, naming the
/// 08:00 interval.
#[test]
fn uncoverable_hours_exit_2() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(fixture("day.toml")).unwrap_or_else(|e| panic!("{e}"));
    let late = text
        .replace(
            "start = \"08:00\"\nlength = \"8h\"",
            "start = \"09:00\"\nlength = \"7h\"",
        )
        .replace(
            "start = [\"08:00\", \"10:00\", \"12:00\"]",
            "start = [\"10:00\", \"12:00\"]",
        )
        .replace(
            "template = \"full\", start = \"08:00\"",
            "template = \"full\", start = \"09:00\"",
        );
    assert_ne!(late, text);
    let file = dir.path().join("late.toml");
    std::fs::write(&file, late).unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("out");
    let (code, _, err) = ccsim_schedule(&[
        &file.to_string_lossy(),
        "--quiet",
        "--out",
        &out.to_string_lossy(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("2026-01-05T08:00:00"), "{err}");
    assert!(!err.contains("T09:00"), "{err}");
    assert!(!out.exists());
}

/// Calls at 21:00, after every shift of `schedule_week.toml` has ended: the
/// schedule is refused at once, naming 21:00. Before, the requirement
/// search ran first and, on few replications, failed with a staffing
/// message ("no staffing per interval met every target…") that hid the
/// cause (a probe's find).
#[test]
fn calls_no_shift_can_answer_are_named_before_any_search() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = week_variant(dir.path(), "late.toml", |text| {
        let late = text.replacen(
            "  0, 0, 0, 0, 0, 0, 0, 0,                                 # 20:00–24:00",
            "  0, 0, 30, 0, 0, 0, 0, 0,",
            1,
        );
        assert_ne!(late, text);
        late
    });
    let out = dir.path().join("out");
    let (code, _, err) = ccsim_schedule(&[
        &file.to_string_lossy(),
        "--replications",
        "3",
        "--quiet",
        "--out",
        &out.to_string_lossy(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no shift template covers"), "{err}");
    assert!(err.contains("2026-01-05T21:00:00"), "{err}");
    assert!(!err.contains("rounds of adding agents"), "{err}");
    assert!(!out.exists());
}

/// `scenarios/schedule_week.toml` as `edit` changes it, written to `name`
/// in `dir`; returns the file's path.
fn week_variant(dir: &Path, name: &str, edit: impl FnOnce(&str) -> String) -> PathBuf {
    let week = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/schedule_week.toml");
    let text = std::fs::read_to_string(week).unwrap_or_else(|e| panic!("{e}"));
    let file = dir.join(name);
    std::fs::write(&file, edit(&text)).unwrap_or_else(|e| panic!("{e}"));
    file
}

/// Calls at 06:00, inside a 7-hour warm-up and before any shift: nothing
/// is judged there, so they need no shift (a probe's find: the up-front
/// check, then the analytic schedule, refused them).
#[test]
fn calls_inside_the_warm_up_need_no_shift() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = week_variant(dir.path(), "early.toml", |text| {
        let early = text
            .replacen("horizon = \"7d\"", "horizon = \"1d\"\nwarmup = \"7h\"", 1)
            .replacen(
                "  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,         # 00:00–08:00",
                "  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0,",
                1,
            );
        assert_eq!(early.matches("warmup = \"7h\"").count(), 1);
        assert!(early.contains("0, 0, 3, 0, 0, 0,"));
        early
    });
    let out = dir.path().join("out");
    let (code, _, err) = ccsim_schedule(&[
        &file.to_string_lossy(),
        "--replications",
        "2",
        "--max-iterations",
        "1",
        "--threads",
        "2",
        "--quiet",
        "--out",
        &out.to_string_lossy(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.join("schedule.csv").exists());
}

/// The bundled week at 4 % of its volume: one to three calls a half hour.
/// One abandoned call is then a 30–100 % rate in its interval whatever the
/// staffing (a caller whose patience ends during the whisper), so chasing
/// the interval's mean added agents round after round: the requirement
/// search gave up after its 30 rounds ("rounds of adding agents"), and the
/// schedule's verification raised such intervals in every one of its
/// rounds, to 13 agents for two calls. An interval whose misses all have the
/// target inside their 95 % confidence interval, and that added agents left
/// no closer on the same seeds, is now settled unmet and said to be.
#[test]
fn a_handful_of_calls_an_interval_is_settled_not_chased() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = week_variant(dir.path(), "low.toml", |text| {
        let low = text.replacen(
            "\nqueue = \"support\"\n",
            "\nqueue = \"support\"\nrate_scale = 0.04\n",
            1,
        );
        assert!(low.contains("rate_scale = 0.04"));
        low
    });
    let file = file.to_string_lossy();

    // The requirement search, on its own.
    let out = dir.path().join("staff");
    let ran = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args(["staff", &file, "--per-interval", "--quiet", "--out"])
        .arg(&out)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = String::from_utf8_lossy(&ran.stderr);
    assert!(ran.status.success(), "{err}");
    // The week's group works shifts with shrinkage, which `staff` leaves
    // aside: it says so, even when quiet.
    assert!(
        err.contains("`support_team` is staffed by shifts") && err.contains("`ccsim schedule`"),
        "{err}"
    );
    let csv = std::fs::read_to_string(out.join("staffing_intervals.csv"))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut unmet = 0;
    for row in csv.lines().skip(1) {
        let cells: Vec<&str> = row.split(',').collect();
        if cells[10] != "false" {
            continue;
        }
        unmet += 1;
        let num = |k: usize| cells[k].parse::<f64>().unwrap_or(f64::NAN);
        let (target, mean, ci) = (num(7), num(8), num(9));
        assert!(
            (mean - ci..=mean + ci).contains(&target),
            "an unmet interval outside its CI was settled: {row}"
        );
    }
    assert!(
        unmet > 0,
        "nothing was settled: the case no longer tests it"
    );

    // The schedule: its verification stops raising what is settled, so it
    // ends before its rounds run out.
    let out = dir.path().join("schedule");
    let max_rounds = 12;
    let (code, stdout, err) = ccsim_schedule(&[
        &file,
        "--max-iterations",
        &max_rounds.to_string(),
        "--out",
        &out.to_string_lossy(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        stdout.contains("the schedule's verification settled"),
        "{stdout}"
    );
    let summary =
        std::fs::read_to_string(out.join("summary.csv")).unwrap_or_else(|e| panic!("{e}"));
    let simulated = summary
        .lines()
        .find(|l| l.starts_with("simulation,"))
        .unwrap_or_else(|| panic!("{summary}"));
    let rounds: usize = simulated
        .split(',')
        .nth(8)
        .and_then(|r| r.parse().ok())
        .unwrap_or(0);
    assert!(
        (1..max_rounds).contains(&rounds),
        "{rounds} rounds: the verification chased noise to its limit\n{summary}"
    );
    // Every interval left unmet misses only inside its CI.
    let coverage =
        std::fs::read_to_string(out.join("coverage.csv")).unwrap_or_else(|e| panic!("{e}"));
    let mut ends_at_a_bound = 0;
    for row in coverage.lines().skip(1) {
        let c: Vec<&str> = row.split(',').collect();
        // A handful of calls gives wide intervals: their ends stay inside
        // what the metric can take (shares 0–1, seconds from 0).
        let end = |k: usize| c[k].parse::<f64>().ok();
        for (k, high) in [
            (7, 1.0),
            (8, 1.0),
            (10, f64::MAX),
            (11, f64::MAX),
            (13, 1.0),
            (14, 1.0),
        ] {
            if let Some(x) = end(k) {
                assert!((0.0..=high).contains(&x), "column {k} out of range: {row}");
                ends_at_a_bound += usize::from(x == 0.0 || x == 1.0);
            }
        }
        if c[15] != "false" {
            continue;
        }
        let num = |k: usize| c[k].parse::<f64>().unwrap_or(f64::NAN);
        // Met, or the target inside [low, high].
        let sl_ok = num(6) >= 0.8 || num(8) >= 0.8;
        let abandon_ok = num(12) <= 0.05 || num(13) <= 0.05;
        assert!(sl_ok && abandon_ok, "missed outside its CI: {row}");
    }
    assert!(
        ends_at_a_bound > 0,
        "no interval reached a bound: the case no longer tests it"
    );
}
