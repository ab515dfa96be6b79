//! Bad input: every mistake gets a clear message naming the file, the field
//! path and a fix, and exit code 2 — never a panic.

use std::process::Command;

const GOOD: &str = r#"
[simulation]
seed = 1
horizon = "1h"

[[queues]]
name = "q"

[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }]

[[agent_groups]]
name = "g"
routing_profile = "p"
headcount = 2
miss_probability = 0.1

[[flows]]
name = "W"
type = "agent_whisper"
duration = "3s"

[[sources]]
name = "s"
rate_per_hour = 20
queue = "q"
customer = { talk = "3m" }
"#;

/// Runs `ccsim validate` on `text` (written to a temp file named bad.toml);
/// returns (exit code, stderr).
fn validate(text: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .arg("validate")
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Asserts exit code 2, no panic, and that stderr names the file and contains
/// every `expected` fragment.
fn assert_error(text: &str, expected: &[&str]) {
    let (code, err) = validate(text);
    assert_eq!(code, 2, "exit code for:\n{err}");
    assert!(!err.contains("panicked"), "panic:\n{err}");
    assert!(
        err.contains("bad.toml"),
        "the message should name the file:\n{err}"
    );
    for e in expected {
        assert!(err.contains(e), "expected `{e}` in:\n{err}");
    }
}

#[test]
fn the_good_scenario_is_valid() {
    let (code, err) = validate(GOOD);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn malformed_toml() {
    assert_error(&GOOD.replace("[[queues]]", "[[queues]"), &["line"]);
}

#[test]
fn errors_the_toml_reader_raises_name_the_field_from_the_text() {
    // A whole number beyond TOML's 64 bits, inside an inline table of an
    // array-of-tables entry: the reader fails before any field is known.
    assert_error(
        &GOOD.replace("headcount = 2", "headcount = 99999999999999999999"),
        &[
            "agent_groups[0].headcount (line 16)",
            "too large",
            "9223372036854775807",
        ],
    );
    assert_error(
        &GOOD.replace(
            "customer = { talk = \"3m\" }",
            "customer = { talk = \"3m\", hold = 1e, }",
        ),
        &["sources[0].customer.hold (line 28)"],
    );
    assert_error(
        &GOOD.replace("seed = 1", "seed = 1\nseed = 2"),
        &[
            "simulation (line 4)",
            "duplicate key `seed`",
            "give the key once",
        ],
    );
}

/// The TOML reader's lexer errors carry no message of their own: the
/// message says what it found (a fuzz campaign's find: a file cut after
/// `=`, a control character in a comment and a lone carriage return all
/// printed an empty message).
#[test]
fn toml_errors_without_a_message_say_what_is_wrong() {
    assert_error(
        "name = ",
        &["(line 1)", "the file ends where more was expected"],
    );
    assert_error(
        &GOOD.replacen("\n", "\n# a \u{16} in a comment\n", 1),
        &["(line 2)", "control character (U+0016)"],
    );
    assert_error(
        &GOOD.replace("\n", "\r\n").replacen("\r\n", "\r", 1),
        &["carriage return"],
    );
}

/// A campaign whose dials ring for no time is refused: its dialler would
/// redial at one instant without end (a fuzz campaign's find: validate
/// took it, and a backtest of it never ended).
#[test]
fn a_campaign_ringing_for_no_time_is_refused() {
    let campaign = r#"
[[campaigns]]
name = "k"
mode = "progressive"
agent_group = "g"
ring = "0s"
answer_probability = 0
talk = "0s"
"#;
    assert_error(
        &format!("{GOOD}{campaign}"),
        &["campaigns[0].ring", "without end", "ring = \"15s\""],
    );
    let (code, err) = validate(&format!(
        "{GOOD}{}",
        campaign.replace("\"0s\"\nanswer", "\"1s\"\nanswer")
    ));
    assert_eq!(code, 0, "{err}");
}

/// A setting a dialling mode does not use is named with the mode, and its
/// article: "an agentless campaign" (it read "a agentless").
#[test]
fn a_setting_the_dialling_mode_does_not_use_is_refused() {
    let campaign = r#"
[[campaigns]]
name = "k"
mode = "agentless"
dials_per_hour = 100
ring = "15s"
answer_probability = 0.5
message = "30s"
talk = "1m"
"#;
    assert_error(
        &format!("{GOOD}{campaign}"),
        &[
            "campaigns[0].talk",
            "an agentless campaign does not use talk",
        ],
    );
}

/// A campaign whose window opens at or after the horizon never dials (the
/// dialler stops there): refused, naming the start and the horizon (a
/// fuzz find: it ran without a word).
#[test]
fn a_campaign_starting_after_the_horizon_is_refused() {
    let campaign = |start: &str| {
        format!(
            "{GOOD}\n[[campaigns]]\nname = \"k\"\nmode = \"progressive\"\nagent_group = \"g\"\nstart = \"{start}\"\nend = \"30h\"\nring = \"15s\"\nanswer_probability = 0.5\ntalk = \"60s\"\n"
        )
    };
    assert_error(
        &campaign("1h"),
        &["campaigns[0].start", "never dials", "simulation.horizon"],
    );
    let (code, err) = validate(&campaign("59m"));
    assert_eq!(code, 0, "{err}");
}

/// An empty `targets` table is refused, and the fix says a group's
/// occupancy cap needs no queue target (a probe read "no target set" as
/// refusing to size by the cap).
#[test]
fn an_empty_targets_table_says_it_may_be_left_out() {
    assert_error(
        &GOOD.replace("name = \"q\"\n", "name = \"q\"\ntargets = {}\n"),
        &[
            "queues[0].targets",
            "no target set",
            "leave `targets` out",
            "max_occupancy",
        ],
    );
}

#[test]
fn unknown_field() {
    assert_error(
        &GOOD.replace("name = \"q\"", "name = \"q\"\ncapcity = 3"),
        &["queues[0]", "capcity", "capacity"],
    );
}

#[test]
fn unknown_queue() {
    assert_error(
        &GOOD.replace(
            "queues = [{ queue = \"q\" }]",
            "queues = [{ queue = \"qq\" }]",
        ),
        &[
            "routing_profiles[0].queues[0].queue",
            "unknown queue `qq`",
            "fix:",
        ],
    );
}

#[test]
fn unknown_routing_profile() {
    assert_error(
        &GOOD.replace("routing_profile = \"p\"", "routing_profile = \"px\""),
        &["agent_groups[0].routing_profile", "px", "fix:"],
    );
}

#[test]
fn negative_and_zero_rates() {
    assert_error(
        &GOOD.replace("rate_per_hour = 20", "rate_per_hour = -5"),
        &["sources[0].rate_per_hour", "not > 0"],
    );
    assert_error(
        &GOOD.replace("rate_per_hour = 20", "rate_per_hour = 0"),
        &["sources[0].rate_per_hour", "not > 0"],
    );
}

#[test]
fn probability_above_one() {
    assert_error(
        &GOOD.replace("miss_probability = 0.1", "miss_probability = 1.5"),
        &["agent_groups[0].miss_probability", "outside [0, 1]"],
    );
}

/// An occupancy cap of 0 lets no agent take a contact (no staffing meets
/// it) and one above 1 means nothing: both are refused, with an example of
/// a cap, not of a probability.
#[test]
fn occupancy_cap_of_zero_or_above_one() {
    for cap in ["0", "1.5", "-0.2"] {
        let text = GOOD.replace(
            "miss_probability = 0.1",
            &format!("miss_probability = 0.1\nmax_occupancy = {cap}"),
        );
        assert_error(
            &text,
            &[
                "agent_groups[0].max_occupancy",
                "not above 0 and at most 1",
                "e.g. 0.85 for 85 %",
            ],
        );
    }
    let text = GOOD.replace(
        "miss_probability = 0.1",
        "miss_probability = 0.1\nmax_occupancy = 1",
    );
    assert_eq!(validate(&text).0, 0, "a cap of 1 is allowed");
}

/// A zero duration's fix gives an example of the field's own kind: a
/// service-level threshold of seconds, not a horizon of hours.
#[test]
fn zero_service_level_threshold() {
    let text = GOOD.replace(
        "name = \"q\"\n",
        "name = \"q\"\ntargets = { service_level = { threshold = \"0s\", target = 0.8 } }\n",
    );
    assert_error(
        &text,
        &[
            "queues[0].targets.service_level.threshold",
            "longer than 0",
            "e.g. \"20s\"",
        ],
    );
}

#[test]
fn a_service_level_target_of_100_percent_is_refused() {
    let text = GOOD.replace(
        "name = \"q\"\n",
        "name = \"q\"\ntargets = { service_level = { threshold = \"20s\", target = 1.0 } }\n",
    );
    assert_error(
        &text,
        &[
            "queues[0].targets.service_level.target",
            "100 % is never reached",
            "0.99",
        ],
    );
    // Just below is a target staff can search for.
    let (code, err) = validate(&text.replace("target = 1.0", "target = 0.999"));
    assert_eq!(code, 0, "{err}");
}

/// An ASA target below the agent whisper (Connect counts it in the queue
/// time) is never met (fuzz59 G5: validate passed `max_asa = "1ms"`, and
/// staff searched 37 s to its cap); the shortest whisper any agent-whisper
/// flow plays is the floor (here the default's 2 s, not W's 3 s). A chat,
/// which waits through no whisper unless one is set, is not held to it.
#[test]
fn an_asa_target_below_the_agent_whisper_is_refused() {
    let text = GOOD.replace(
        "name = \"q\"\n",
        "name = \"q\"\ntargets = { max_asa = \"1s\" }\n",
    );
    assert_error(
        &text,
        &[
            "queues[0].targets.max_asa",
            "agent whisper (at least 2 s)",
            "above 2 s",
        ],
    );
    let (code, err) = validate(&text.replace("\"1s\"", "\"2500ms\""));
    assert_eq!(code, 0, "{err}");
    let chat = text.replace(
        "rate_per_hour = 20",
        "method = \"api_chat\"\nrate_per_hour = 20",
    );
    let (code, err) = validate(&chat);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn an_unknown_time_zone_is_named_at_its_own_field() {
    for zone in ["Mars/Olympus", "", "+05:00"] {
        let text = GOOD.replace(
            "horizon = \"1h\"\n",
            &format!("horizon = \"1h\"\nstart = \"2026-01-05T08:00:00\"\ntime_zone = \"{zone}\"\n"),
        );
        assert_error(
            &text,
            &[
                "simulation.time_zone",
                "is not an IANA time zone name",
                "Europe/Berlin",
            ],
        );
        let (_, err) = validate(&text);
        assert!(!err.contains("simulation.start"), "{zone}: {err}");
    }
}

#[test]
fn whisper_longer_than_two_minutes() {
    assert_error(
        &GOOD.replace("duration = \"3s\"", "duration = \"3m\""),
        &["flows[0].duration", "2 minutes"],
    );
    assert_error(
        &GOOD.replace(
            "duration = \"3s\"",
            "duration = { dist = \"exponential\", mean = \"150s\" }",
        ),
        &["flows[0].duration", "2 minutes"],
    );
}

/// A profile's channel list names the four channels in its fixes (email
/// was left out).
#[test]
fn unknown_or_no_channel_of_a_profile_queue() {
    assert_error(
        &GOOD.replace(
            "queues = [{ queue = \"q\" }]",
            "queues = [{ queue = \"q\", channels = [\"fax\"] }]",
        ),
        &[
            "routing_profiles[0].queues[0].channels[0]",
            "unknown channel `fax`",
            "use voice, chat, task or email",
        ],
    );
    assert_error(
        &GOOD.replace(
            "queues = [{ queue = \"q\" }]",
            "queues = [{ queue = \"q\", channels = [] }]",
        ),
        &[
            "routing_profiles[0].queues[0].channels",
            "no channel",
            "list at least one of voice, chat, task, email",
        ],
    );
}

#[test]
fn profile_serving_no_queue() {
    assert_error(
        &GOOD.replace("queues = [{ queue = \"q\" }]", "queues = []"),
        &["routing_profiles[0].queues", "serves no queue"],
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = GOOD
        .replace("miss_probability = 0.1", "miss_probability = 2.0")
        .replace("rate_per_hour = 20", "rate_per_hour = -1");
    assert_error(
        &text,
        &[
            "2 problems",
            "agent_groups[0].miss_probability",
            "sources[0].rate_per_hour",
        ],
    );
}

#[test]
fn bad_distribution_fields() {
    assert_error(
        &GOOD.replace(
            "talk = \"3m\"",
            "talk = { dist = \"lognormal\", mean = \"3m\" }",
        ),
        &["sources[0].customer.talk.cv", "needs `cv`"],
    );
    // The message names the family with its article, and the fix shows the
    // field it takes instead.
    assert_error(
        &GOOD.replace(
            "talk = \"3m\"",
            "talk = { dist = \"erlang\", mean = \"3m\", shape = 3 }",
        ),
        &[
            "sources[0].customer.talk.shape",
            "`shape` does not apply to an erlang distribution",
            "an erlang distribution takes: mean, k",
        ],
    );
    assert_error(
        &GOOD.replace(
            "talk = \"3m\"",
            "talk = { dist = \"uniform\", min = \"1m\" }",
        ),
        &[
            "sources[0].customer.talk.max",
            "a uniform distribution needs `max`",
        ],
    );
    assert_error(
        &GOOD.replace(
            "talk = \"3m\"",
            "talk = { dist = \"normal\", mean = \"3m\" }",
        ),
        &["sources[0].customer.talk.dist", "unknown distribution"],
    );
    assert_error(
        &GOOD.replace("talk = \"3m\"", "talk = \"3 minutes\""),
        &["sources[0].customer.talk"],
    );
}

#[test]
fn missing_file() {
    let out = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args(["run", "/nonexistent/nowhere.toml", "--quiet"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("/nonexistent/nowhere.toml") && err.contains("cannot read"),
        "{err}"
    );
}

#[test]
fn run_refuses_a_bad_scenario_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("bad.toml");
    std::fs::write(
        &path,
        GOOD.replace("rate_per_hour = 20", "rate_per_hour = -1"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out_dir = dir.path().join("out");
    let out = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .arg("run")
        .arg(&path)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(!out_dir.exists());
}

/// [`GOOD`] with its group staffed by shifts of one template (`TEMPLATE`
/// is pasted in before the group) instead of a headcount.
fn with_shifts(template: &str, group: &str) -> String {
    GOOD.replace(
        "[[agent_groups]]",
        &format!("{template}\n\n[[agent_groups]]"),
    )
    .replace("headcount = 2", group)
}

const TEMPLATE: &str = r#"[[shift_templates]]
name = "early"
start = ["07:00", "08:00"]
length = "8h"
breaks = [
  { name = "break", length = "15m", window = ["1h30m", "3h"] },
  { name = "lunch", length = "30m", window = ["3h30m", "5h"] },
]"#;

const SHIFTS: &str = r#"shifts = [{ template = "early", start = "07:00", agents = 3 }]"#;

#[test]
fn shifts_are_valid_as_written() {
    let (code, err) = validate(&with_shifts(TEMPLATE, SHIFTS));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn unknown_shift_template() {
    assert_error(
        &with_shifts(TEMPLATE, &SHIFTS.replace("\"early\"", "\"erly\"")),
        &[
            "agent_groups[0].shifts[0].template",
            "unknown shift template `erly`",
            "early",
        ],
    );
}

#[test]
fn break_window_outside_the_shift() {
    assert_error(
        &with_shifts(
            &TEMPLATE.replace("[\"3h30m\", \"5h\"]", "[\"3h30m\", \"7h45m\"]"),
            SHIFTS,
        ),
        &[
            "shift_templates[0].breaks[1].window",
            "ends after the shift",
        ],
    );
}

#[test]
fn overlapping_break_windows_that_cannot_fit() {
    // Two 30-minute breaks that must both start between 1h and 1h10m.
    let t = TEMPLATE
        .replace("[\"1h30m\", \"3h\"]", "[\"1h\", \"1h10m\"]")
        .replace("length = \"15m\"", "length = \"30m\"")
        .replace("[\"3h30m\", \"5h\"]", "[\"1h\", \"1h10m\"]");
    assert_error(
        &with_shifts(&t, SHIFTS),
        &["shift_templates[0].breaks", "cannot all be taken"],
    );
}

#[test]
fn shift_of_length_zero() {
    assert_error(
        &with_shifts(
            &TEMPLATE.replace("length = \"8h\"", "length = \"0s\""),
            SHIFTS,
        ),
        &["shift_templates[0].length", "longer than 0"],
    );
}

#[test]
fn shrinkage_of_one_or_more() {
    let group = format!("{SHIFTS}\nshrinkage = {{ absenteeism = 1.0 }}");
    assert_error(
        &with_shifts(TEMPLATE, &group),
        &["agent_groups[0].shrinkage.absenteeism", "outside [0, 1)"],
    );
    let group = format!(
        "{SHIFTS}\nshrinkage = {{ aux = {{ share = 1.2, duration = \"10m\" }}, planned = -0.1 }}"
    );
    assert_error(
        &with_shifts(TEMPLATE, &group),
        &[
            "agent_groups[0].shrinkage.aux.share",
            "agent_groups[0].shrinkage.planned",
        ],
    );
}

#[test]
fn headcount_and_shifts_both() {
    let group = format!("headcount = 2\n{SHIFTS}");
    assert_error(
        &with_shifts(TEMPLATE, &group),
        &["agent_groups[0].shifts", "both `headcount` and `shifts`"],
    );
}

#[test]
fn start_time_outside_the_day() {
    assert_error(
        &with_shifts(&TEMPLATE.replace("\"08:00\"]", "\"24:30\"]"), SHIFTS),
        &["shift_templates[0].start[1]", "24:30", "00:00"],
    );
    assert_error(
        &with_shifts(TEMPLATE, &SHIFTS.replace("\"07:00\"", "\"07:15\"")),
        &[
            "agent_groups[0].shifts[0].start",
            "not a start time",
            "07:00, 08:00",
        ],
    );
}

/// Start times every step from one time to another: a step under a
/// minute is refused (a fuzz case of every = "1ms" asked `ccsim schedule`
/// for 86 million candidate shifts and ran out of memory); a step longer
/// than the day gives the first start alone (every = 2^64 s once wrapped
/// round and listed the start times without end); and a long list of
/// start times is cut short in a message.
#[test]
fn start_times_every_step() {
    let range = |every: &str| {
        TEMPLATE.replace(
            "[\"07:00\", \"08:00\"]",
            &format!("{{ from = \"00:00\", to = \"23:59\", every = \"{every}\" }}"),
        )
    };
    assert_error(
        &with_shifts(&range("1ms"), SHIFTS),
        &[
            "shift_templates[0].start.every",
            "less than a minute",
            "15m",
        ],
    );
    let huge = with_shifts(&range("18446744073709551616s"), SHIFTS);
    let (code, err) = validate(&huge);
    assert_eq!(code, 2, "{err}");
    assert!(err.len() < 2_000, "{} bytes of message", err.len());
    assert!(err.contains("use one of: 00:00\n"), "{err}");
    assert_error(
        &with_shifts(&range("1m"), &SHIFTS.replace("\"07:00\"", "\"07:00:30\"")),
        &[
            "agent_groups[0].shifts[0].start",
            "use one of: 00:00, 00:01,",
            "… (1440 start times, the last 23:59)",
        ],
    );
    let (code, err) = validate(&with_shifts(&range("1m"), SHIFTS));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn shrinkage_without_shifts() {
    assert_error(
        &GOOD.replace(
            "headcount = 2",
            "headcount = 2\nshrinkage = { absenteeism = 0.1 }",
        ),
        &["agent_groups[0].shrinkage", "shifts"],
    );
}

/// A center with neither contact sources nor campaigns is refused at
/// `sources`, with the fix; one that only dials out (campaigns) is not.
#[test]
fn a_center_needs_a_source_or_a_campaign() {
    let text = "[simulation]\nseed = 1\nhorizon = \"1h\"\ninterval = \"1h\"\n\n[[queues]]\nname = \"q\"\n\n[[routing_profiles]]\nname = \"p\"\nqueues = [{ queue = \"q\" }]\n\n[[agent_groups]]\nname = \"g\"\nrouting_profile = \"p\"\nheadcount = 1\n";
    let p = crate::common::problems(text);
    assert!(
        p.contains("sources") && p.contains("no contact source"),
        "{p}"
    );
    assert!(p.contains("[[campaigns]]"), "{p}");
    let dialling = format!("{text}\n[[campaigns]]\nname = \"c\"\nmode = \"progressive\"\nagent_group = \"g\"\nring = \"10s\"\nanswer_probability = 0.5\ntalk = \"2m\"\n");
    if let Err(e) = ccsim::scenario::parse(&dialling, std::path::Path::new("ok.toml"), "ok") {
        panic!("a campaign-only center is valid:\n{e}");
    }
}

/// Replayed arrivals: a time that is not a number is named as such (not as
/// negative, and with no "not in order" beside it); a rate_scale, which
/// has no rate to scale there, is refused rather than ignored.
#[test]
fn replayed_arrival_times_that_cannot_be_replayed() {
    let replay =
        |times: &str| GOOD.replace("rate_per_hour = 20", &format!("arrival_times = {times}"));
    for (times, k) in [("[60, inf]", 1), ("[nan, 60]", 0)] {
        let (code, err) = validate(&replay(times));
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains(&format!("sources[0].arrival_times[{k}]"))
                && err.contains("is not a number of seconds"),
            "{err}"
        );
        assert!(
            !err.contains("negative") && !err.contains("not in order"),
            "{err}"
        );
    }
    assert_error(
        &replay("[\"1s\", \"2s\"]").replace(
            "queue = \"q\"\ncustomer",
            "queue = \"q\"\nrate_scale = 2.0\ncustomer",
        ),
        &[
            "sources[0].rate_scale",
            "exact arrival times take no rate_scale",
        ],
    );
    // At 1 (the default, written out) it changes nothing and is accepted.
    let (code, err) = validate(&replay("[\"1s\", \"2s\"]").replace(
        "queue = \"q\"\ncustomer",
        "queue = \"q\"\nrate_scale = 1.0\ncustomer",
    ));
    assert_eq!(code, 0, "{err}");
}

/// A shift entry's `day` must be one its template is worked on: a Monday
/// to Friday template put on day 6 of a week from Monday (a Sunday) is
/// refused, not worked on the Sunday.
#[test]
fn shift_day_the_template_is_not_worked_on() {
    let week = |day: u32| {
        with_shifts(
            &TEMPLATE.replace(
                "length = \"8h\"",
                "length = \"8h\"\ndays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]",
            ),
            &SHIFTS.replace("agents = 3", &format!("agents = 3, day = {day}")),
        )
        .replace(
            "horizon = \"1h\"",
            "start = \"2026-01-05T00:00:00Z\"\nhorizon = \"7d\"",
        )
    };
    let (code, err) = validate(&week(4));
    assert_eq!(code, 0, "a Friday: {err}");
    assert_error(
        &week(6),
        &[
            "agent_groups[0].shifts[0].day",
            "day 6 of the horizon is a `sun`",
            "mon, tue, wed, thu, fri",
        ],
    );
}

/// Wrong TOML types are named in the scenario's words, never by the
/// program's Rust types (`expected struct RawProfileQueue`, `expected
/// f64`); a start written as a TOML date-time (no quotes) is read.
#[test]
fn wrong_types_are_named_in_toml_words_and_a_bare_date_time_start_is_read() {
    for (from, to, words) in [
        (
            "queues = [{ queue = \"q\" }]",
            "queues = [\"q\"]",
            "expected a table `{ … }`",
        ),
        ("seed = 1", "seed = \"one\"", "expected a whole number ≥ 0"),
        (
            "seed = 1",
            "seed = 1\nreplications = 2.5",
            "expected a whole number",
        ),
        (
            "horizon = \"1h\"",
            "horizon = \"1h\"\nstart = 5",
            "expected a date-time",
        ),
    ] {
        assert!(GOOD.contains(from), "{from}");
        let (code, err) = validate(&GOOD.replacen(from, to, 1));
        assert_eq!(code, 2, "{to}: {err}");
        assert!(err.contains(words), "{to}: expected `{words}` in:\n{err}");
        for rust in ["struct Raw", "f64", "i64", "u64", "sequence"] {
            assert!(!err.contains(rust), "{to}: `{rust}` in:\n{err}");
        }
    }
    let (code, err) = validate(&GOOD.replacen(
        "horizon = \"1h\"",
        "horizon = \"1h\"\nstart = 2026-01-05T08:00:00Z",
        1,
    ));
    assert_eq!(code, 0, "{err}");
}

/// Inputs that would run, but say nothing a planner could have meant, are
/// refused at their field: each one here was accepted silently before.
/// (Found by fuzzing the scenario format; each pair shows the mistake and
/// the nearest valid scenario, so the refusal is this mistake's, not a
/// neighbour's.)
#[test]
fn inputs_that_cannot_mean_what_they_say_are_refused() {
    let source_end = "customer = { talk = \"3m\" }\n";
    let on_a_monday = |text: &str| {
        text.replace(
            "horizon = \"1h\"",
            "horizon = \"1h\"\nstart = \"2026-01-05T08:00:00Z\"",
        )
    };
    // A day-of-week profile that closes every day the horizon touches.
    let closed_on = |days: &str| {
        on_a_monday(&GOOD.replace(
            source_end,
            &format!("{source_end}day_of_week = {{ {days} }}\n"),
        ))
    };
    let every_day = "mon = 0, tue = 0, wed = 0, thu = 0, fri = 0, sat = 0, sun = 0";
    for days in [every_day, "mon = 0"] {
        assert_error(
            &closed_on(days),
            &["sources[0].day_of_week", "multiplier 0", "no contacts"],
        );
    }
    let (code, err) = validate(&closed_on("tue = 0"));
    assert_eq!(code, 0, "open on the Monday it runs: {err}");

    // Service-level thresholds listed twice (a target's own is fine).
    let with_queue =
        |fields: &str| GOOD.replace("name = \"q\"\n", &format!("name = \"q\"\n{fields}\n"));
    assert_error(
        &with_queue("service_level_thresholds = [\"20s\", \"60s\", \"20s\"]"),
        &[
            "queues[0].service_level_thresholds[2]",
            "listed twice (also at [0])",
        ],
    );
    assert_error(
        &with_queue("email_service_level = [\"4h\", \"4h\"]"),
        &["queues[0].email_service_level[1]", "listed twice"],
    );
    let (code, err) = validate(&with_queue(
        "service_level_thresholds = [\"20s\"]\ntargets = { service_level = { threshold = \"20s\", target = 0.8 } }",
    ));
    assert_eq!(code, 0, "a target at a listed threshold: {err}");

    // A supervisor group watching one queue twice.
    let supervisors = |queues: &str| {
        format!("{GOOD}\n[[supervisor_groups]]\nname = \"leads\"\nheadcount = 1\nqueues = {queues}\nshare = 0.1\nlisten = \"1m\"\n")
    };
    assert_error(
        &supervisors("[\"q\", \"q\"]"),
        &["supervisor_groups[0].queues[1]", "`q` is listed twice"],
    );
    assert_eq!(validate(&supervisors("[\"q\"]")).0, 0);

    // A campaign with an empty list.
    let campaign = |contacts: u32| {
        format!("{GOOD}\n[[campaigns]]\nname = \"c\"\nmode = \"progressive\"\nagent_group = \"g\"\ncontacts = {contacts}\nring = \"10s\"\nanswer_probability = 0.5\ntalk = \"1m\"\n")
    };
    assert_error(&campaign(0), &["campaigns[0].contacts", "dials no one"]);
    assert_eq!(validate(&campaign(1)).0, 0, "{}", validate(&campaign(1)).1);

    // A cold transfer given what only a warm one has.
    let transfer = |extra: &str| {
        GOOD.replace(
            "name = \"q\"\n",
            &format!("name = \"q\"\ntransfer = {{ probability = 0.5, after = \"10s\", to_queue = \"r\", cold = true, talk_after = \"20s\"{extra} }}\n[[queues]]\nname = \"r\"\n"),
        )
        .replace("queues = [{ queue = \"q\" }]", "queues = [{ queue = \"q\" }, { queue = \"r\" }]")
    };
    let (code, err) = validate(&transfer(""));
    assert_eq!(code, 0, "a plain cold transfer: {err}");
    for (extra, field) in [
        (", consult = \"30s\"", "consult"),
        (", actions = { end_call = 1 }", "actions"),
        (", action_duration = \"5s\"", "action_duration"),
        (", withdraw_probability = 0.2", "withdraw_probability"),
    ] {
        assert_error(
            &transfer(extra),
            &[
                &format!("queues[0].transfer.{field}"),
                "a cold transfer has no consult",
                "cold = false",
            ],
        );
    }

    // A last routing step that never expires and that no group can take.
    let criteria = |step: &str, proficiencies: &str| {
        format!(
            "{}\n[[routing_criteria]]\nname = \"spanish\"\nsteps = [{step}]\n",
            GOOD.replace(
                "miss_probability = 0.1",
                &format!("miss_probability = 0.1\nproficiencies = [{proficiencies}]"),
            )
        )
    };
    let spanish = "{ expression = { name = \"Language\", value = \"Spanish\", level = 4 } }";
    assert_error(
        &criteria(spanish, ""),
        &[
            "routing_criteria[0].steps[0].expression",
            "never expires",
            "could never be answered",
        ],
    );
    let held = "{ name = \"Language\", value = \"Spanish\", level = 5 }";
    let (code, err) = validate(&criteria(spanish, held));
    assert_eq!(code, 0, "a group holds it: {err}");
    let expiring = "{ expression = { name = \"Language\", value = \"Spanish\", level = 4 }, expiry = \"30s\" }";
    let (code, err) = validate(&criteria(expiring, ""));
    assert_eq!(code, 0, "it expires: {err}");
}
