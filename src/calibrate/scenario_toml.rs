//! The calibrated scenario, written as a commented TOML file that
//! `ccsim validate` accepts and `ccsim run` runs: one queue per queue seen,
//! one source (with its inbound flow) per queue × entry — an email source
//! with its agents' replies, an inbound flow with the emails it sends —
//! one agent group per routing profile. Every number comes from [`Calibration`]; each
//! carries a comment saying what it was estimated from.

use std::fmt::Write as _;

use crate::timefmt::format_iso8601_utc_seconds;

use super::answer_delay::{AnswerDelay, MAX_DELAY_S};
use super::model::Calibration;
use super::rates::{self, CallbackAnswer, QueueFollowUps};
use super::routing_delay::DelayBasis;
use super::scenario_agents;
use super::streams::Entry;
use super::toml_text::{q, FileNames, OBSERVED_COUNTS};

/// Settings of the written scenario that are not estimates.
#[derive(Debug, Clone)]
pub struct ScenarioSettings {
    /// The scenario's `name`.
    pub name: String,
    /// `simulation.seed`.
    pub seed: u64,
    /// `simulation.replications`.
    pub replications: u32,
    /// `simulation.drain`, seconds.
    pub drain_s: u64,
}

fn secs(s: f64) -> String {
    format!("\"{}s\"", (s * 1000.0).round() / 1000.0)
}

/// The spread of a group's answers, seconds (standard deviation), from
/// which its answer delay is written as a distribution. Below it the
/// estimate is not to be trusted: gaps that are no answer add to it (a
/// probe's desk answering after 1–4 s, 0.87 s, read 1.00 s), and
/// answering all at the mean moves little. A desk answering after 3–15 s
/// (3.46 s), written constant at its mean, never answered a simulated
/// chat sooner, and the observed ASA fell below the backtest's band in 55
/// of 160 intervals; written uniform (read 3.43 s), in 15.
pub(super) const MIN_SPREAD_S: f64 = 1.5;

/// An answer delay as the scenario writes it: constant, or, where its
/// answers spread by [`MIN_SPREAD_S`] or more, uniform with its mean and
/// spread (bounded: Connect misses an offer not answered within 20 s, so
/// no long tail; kept within 0 and that, the mean kept).
fn delay_value(d: &AnswerDelay) -> String {
    let mean = d.seconds;
    let Some(sd) = written_spread(d) else {
        return secs(mean);
    };
    let half = (3.0f64.sqrt() * sd)
        .min(mean)
        .min(MAX_DELAY_S - mean)
        .max(0.0);
    format!(
        "{{ dist = \"uniform\", min = {}, max = {} }}",
        secs(mean - half),
        secs(mean + half)
    )
}

/// The spread `d` is written with (its standard deviation, seconds), if
/// it is written spread at all: from [`MIN_SPREAD_S`] up.
pub(super) fn written_spread(d: &AnswerDelay) -> Option<f64> {
    (!d.from_misses && d.lag.spread_s >= MIN_SPREAD_S).then_some(d.lag.spread_s)
}

/// The scenario's text.
pub fn render(cal: &Calibration, settings: &ScenarioSettings) -> String {
    let names = Names::of(cal);
    let mut t = String::new();
    header(&mut t, cal, settings);
    queues(&mut t, cal, &names);
    groups(&mut t, cal, &names);
    queue_flows(&mut t, cal, &names);
    agent_whisper(&mut t, cal);
    sources(&mut t, cal, &names);
    for k in &cal.campaigns {
        let group = k
            .profile
            .as_deref()
            .filter(|p| scenario_agents::profile_is_written(cal, p))
            .map(|p| names.groups.q(p));
        t.push_str(&k.toml(group.as_deref()));
    }
    t
}

/// Connect's default agent whisper, redefined (by its name) to last the
/// accept lag the records show — the shortest of the groups' (see
/// [`super::answer_delay`]): an agent free when a contact waits for it
/// dequeues it that long after (the whisper plays while the caller is
/// still queued; the group accepts at once, `auto_accept`, or after the
/// answer delay written on it). Left out, the 2 s default made every
/// simulated answer wait at least 2 s where the records showed none (a
/// probe's finding).
fn agent_whisper(t: &mut String, cal: &Calibration) {
    let Some(lag) = cal.accept.whisper else {
        return;
    };
    let whose = match &cal.accept.whisper_from {
        Some(p) if !cal.accept.answer_delays.is_empty() => format!(
            " — routing profile {}'s, the shortest; slower groups answer after a delay of their own",
            q(p)
        ),
        _ => String::new(),
    };
    let _ = writeln!(t, "[[flows]]");
    let _ = writeln!(t, "name = \"Default agent whisper\"");
    let _ = writeln!(t, "type = \"agent_whisper\"");
    let _ = writeln!(
        t,
        "# the accept lag: an agent took a contact already waiting for it {:.2} s after it was free (the mean of {} such gaps near their median){whose}",
        lag.seconds, lag.gaps
    );
    let _ = writeln!(t, "duration = {}", secs(lag.seconds.max(0.0)));
    let _ = writeln!(t);
}

/// A group's accept settings: auto-accept, except the channels its agents
/// took waiting contacts of later than auto-accepting explains (voice:
/// beyond the agent whisper, or missed offers of; chats, tasks and emails:
/// at all), which it answers by hand after its answer delay
/// ([`super::answer_delay`]), missing the share written: the
/// group's `answer_delay` is voice's where it answers calls by hand, else
/// that of the channel read from the most gaps, and any other channel
/// answered by hand gets its own in `answer_delay_by_channel`.
fn accept_lines(t: &mut String, cal: &Calibration, profile: &str, has_callbacks: bool) {
    let mut by_channel = Vec::new();
    let voice = cal.accept.answer_delays.get(profile);
    let others = cal.accept.channel_delays.get(profile);
    let by_hand: Vec<String> = others
        .into_iter()
        .flatten()
        .map(|(ch, _)| ch.to_lowercase())
        .collect();
    let auto: Vec<&str> = [("CHAT", "chats"), ("TASK", "tasks"), ("EMAIL", "emails")]
        .into_iter()
        .filter(|(ch, _)| !others.is_some_and(|o| o.contains_key(ch)))
        .map(|(_, name)| name)
        .collect();
    match (voice, auto.len()) {
        (None, 3) => {
            let _ = writeln!(
                t,
                "auto_accept = true      # its agents took contacts waiting for them as they freed (or too few did to tell)"
            );
        }
        _ => {
            let auto = if voice.is_none() {
                std::iter::once("voice").chain(auto).collect::<Vec<_>>()
            } else {
                auto
            };
            let _ = writeln!(t, "auto_accept = true      # {}", auto.join(", "));
        }
    }
    if let Some(d) = voice {
        let whose = if d.own {
            format!("its agents' {} gaps", d.lag.gaps)
        } else {
            format!(
                "the center's voice lag: its agents' own {} gap(s) are too few",
                cal.voice_lag_by_profile.get(profile).map_or(0, |l| l.gaps)
            )
        };
        let why = if d.from_misses {
            "its agents missed offers, which auto-accepting never does; "
        } else {
            ""
        };
        let _ = writeln!(
            t,
            "# voice answered by hand: {why}a waiting call was taken {:.2} s after its agent freed ({whose}), {:.2} s beyond the agent whisper",
            d.lag.seconds, d.seconds
        );
    }
    for (ch, d) in others.into_iter().flatten() {
        let (seconds, gaps) = (d.seconds, d.lag.gaps);
        let how = if d.lag.arrivals {
            format!("one was taken {seconds:.2} s after it queued to an agent free for it (its agents' {gaps} such waits; too few waited for a slot to free")
        } else {
            format!("a waiting one was taken {seconds:.2} s after its agent freed a slot (its agents' {gaps} gaps")
        };
        let _ = writeln!(
            t,
            "# {} answered by hand: {how}; no whisper plays on it)",
            ch.to_lowercase(),
        );
    }
    let delay = voice.or_else(|| {
        others
            .into_iter()
            .flatten()
            .map(|(_, d)| d)
            .max_by_key(|d| d.lag.gaps)
    });
    if let Some(d) = delay {
        if let Some(sd) = written_spread(d) {
            let _ = writeln!(
                t,
                "# its answers spread: standard deviation {sd:.2} s beyond the whole-second stamps' own, written uniform"
            );
        }
        let _ = writeln!(t, "answer_delay = {}", delay_value(d));
    }
    // The channels answered by hand at another speed than the group's
    // delay (voice's, or the channel's read from the most gaps).
    let own: Vec<String> = others
        .into_iter()
        .flatten()
        .filter(|(_, d)| delay.is_some_and(|g| delay_value(g) != delay_value(d)))
        .map(|(ch, d)| format!("{} = {}", ch.to_lowercase(), delay_value(d)))
        .collect();
    if !own.is_empty() {
        let _ = writeln!(t, "answer_delay_by_channel = {{ {} }}", own.join(", "));
    }
    let misses = cal
        .accept
        .misses_written(&cal.voice_misses, &cal.channel_misses, profile);
    if let Some(m) = misses {
        // Hand-accepting agents miss offers (auto-accepting ones never
        // do): the contact goes back to its queue after the 20 s ring and
        // the agent to its Missed state.
        let channels: Vec<&str> = voice
            .map(|_| "voice")
            .into_iter()
            .chain(by_hand.iter().map(String::as_str))
            .collect();
        let _ = writeln!(
            t,
            "# {} of {} {} offers to its agents were missed or rejected (AgentConnectionAttempts beyond the accepted one; every offer of a contact no agent took, counted for the profile that took most of its queue's)",
            m.missed,
            m.offers,
            channels.join(" and ")
        );
        if (m.probability - m.missed as f64 / m.offers as f64).abs() >= 5e-5 {
            let _ = writeln!(
                t,
                "# written above that share: a caller hanging up while an offer rings leaves no attempt, and a miss rings 20 s, longer than an answer"
            );
        }
        let _ = writeln!(t, "miss_probability = {:.4}", m.probability);
    }
    if voice.is_some() {
        by_channel.push("voice = false".to_string());
    }
    by_channel.extend(by_hand.iter().map(|c| format!("{c} = false")));
    if has_callbacks {
        // `auto_accept` does not reach callbacks (a group accepts them
        // by its own setting, default a 3 s answer delay): left out,
        // every simulated callback would wait 3 s longer than the
        // records, where a free agent takes one the moment it queues.
        by_channel.push("callback = true".to_string());
    }
    if !by_channel.is_empty() {
        let _ = writeln!(
            t,
            "auto_accept_by_channel = {{ {} }}",
            by_channel.join(", ")
        );
    }
}

/// The queue and group names the scenario is written with (see
/// [`FileNames`]): the records' names, numbered where two would share a
/// file name.
struct Names {
    queues: FileNames,
    groups: FileNames,
}

impl Names {
    fn of(cal: &Calibration) -> Names {
        let queues = cal
            .follow_ups
            .queues
            .iter()
            .filter(|(_, f)| f.agent_queue_of.is_none())
            .map(|(name, _)| name.as_str())
            .chain(cal.routing.values().flatten().map(String::as_str))
            .chain(cal.arrivals.queued.keys().map(|(q, _)| q.as_str()))
            .chain(scenario_agents::extra_outbound_queues(cal));
        Names {
            queues: FileNames::new(queues),
            groups: FileNames::new(cal.routing.keys().map(String::as_str)),
        }
    }
}

fn header(t: &mut String, cal: &Calibration, s: &ScenarioSettings) {
    let p = &cal.period;
    let _ = writeln!(
        t,
        "# Calibrated by `ccsim calibrate` from a center's contact records."
    );
    let _ = writeln!(
        t,
        "# Every estimate below, with its standard error, 95 % interval, sample"
    );
    let _ = writeln!(
        t,
        "# size and goodness of fit, is in calibration.json beside this file."
    );
    let _ = writeln!(
        t,
        "# The period is the one observed, interval by interval, so `ccsim backtest`"
    );
    let _ = writeln!(
        t,
        "# can compare it with the records; for a typical day, edit the volumes.\n"
    );
    if let Some(note) = &cal.interval_note {
        let _ = writeln!(t, "# {note}\n");
    }
    let _ = writeln!(t, "name = {}\n", q(&s.name));
    let _ = writeln!(t, "[simulation]");
    let _ = writeln!(t, "seed = {}", s.seed);
    let _ = writeln!(t, "replications = {}", s.replications);
    let _ = writeln!(
        t,
        "start = {}  # the first observed interval (UTC)",
        q(&format_iso8601_utc_seconds(p.start_ms))
    );
    let _ = writeln!(
        t,
        "horizon = {}  # {} intervals",
        secs((p.end_ms() - p.start_ms) as f64 / 1000.0),
        p.intervals
    );
    let _ = writeln!(t, "interval = {}", secs(p.interval_ms as f64 / 1000.0));
    let _ = writeln!(t, "warmup = \"0s\"");
    let _ = writeln!(t, "drain = \"{}s\"\n", s.drain_s);
}

fn queues(t: &mut String, cal: &Calibration, names: &Names) {
    let thresholds: Vec<String> = cal.thresholds_s.iter().map(|&x| secs(x)).collect();
    let email_thresholds: Vec<String> = cal.email_thresholds_s.iter().map(|&x| secs(x)).collect();
    for (name, f) in &cal.follow_ups.queues {
        if let Some(profile) = &f.agent_queue_of {
            // The group's agent queue, which the scenario makes itself.
            let _ = writeln!(
                t,
                "# {} contact(s) waited in agent queues of {}: transfers to one of its agents (to_group)\n",
                f.queued,
                names.groups.in_comment(profile)
            );
            continue;
        }
        let _ = writeln!(t, "[[queues]]");
        let _ = writeln!(t, "name = {}", names.queues.q(name));
        let _ = writeln!(t, "service_level_thresholds = [{}]", thresholds.join(", "));
        if let Some(found) = cal.arrivals.capacity.get(name) {
            let _ = writeln!(
                t,
                "capacity = {}  # the most it held; about {} callers turned away while it was full (see calibration.md)",
                found.capacity,
                found.turned_total()
            );
        }
        if let Some(x) = cal.external.get(name) {
            let _ = writeln!(t, "{}\n{}", x.comment(), x.toml());
        }
        let takes_email = cal
            .streams
            .keys()
            .any(|(qn, e)| qn == name && *e == super::streams::Entry::Email);
        if takes_email && !email_thresholds.is_empty() {
            let _ = writeln!(
                t,
                "email_service_level = [{}]  # --email-sl-threshold",
                email_thresholds.join(", ")
            );
        }
        transfer(t, cal, names, name, f);
        let _ = writeln!(t);
    }
    for name in scenario_agents::extra_outbound_queues(cal) {
        let _ = writeln!(t, "[[queues]]");
        let _ = writeln!(
            t,
            "name = {}  # outbound calls only: nothing queues here",
            names.queues.q(name)
        );
        let _ = writeln!(
            t,
            "service_level_thresholds = [{}]\n",
            thresholds.join(", ")
        );
    }
}

/// Queue `name`'s `transfer` rule, when its agents transferred what they
/// answered: to the queue most transfers went to, or, where that is an
/// agent's own queue, to one agent of that agent's group.
fn transfer(t: &mut String, cal: &Calibration, names: &Names, name: &str, f: &QueueFollowUps) {
    if f.transferred_away > 0 {
        let _ = writeln!(
            t,
            "# {} of {} answered contacts were transferred to no queue (an external number or a flow): they leave the center there, and their talk (in the source's `talk` below) is the agent's part",
            f.transferred_away, f.answered
        );
    }
    let (share, n) = f.transfer_share();
    let (Some(target), Some(before)) =
        (f.main_transfer_target(), cal.talk_before_transfer.get(name))
    else {
        return;
    };
    let to_agent = cal
        .follow_ups
        .queues
        .get(target)
        .and_then(|d| d.agent_queue_of.as_deref());
    let destination = match to_agent {
        Some(profile) if !scenario_agents::profile_is_written(cal, profile) => {
            let _ = writeln!(
                t,
                "# {n} of {} answered contacts were transferred by their agent, most to agents of {}, which takes no queue's contacts: not written",
                f.answered,
                names.groups.in_comment(profile)
            );
            return;
        }
        Some(profile) => {
            let pick = cal.agent_pick.get(profile);
            if let Some(p) = pick {
                let _ = writeln!(t, "{}", p.comment());
            }
            format!(
                "to_group = {}, agent = \"{}\"",
                names.groups.q(profile),
                pick.map_or("random", |p| p.pick)
            )
        }
        None => format!("to_queue = {}", names.queues.q(target)),
    };
    // The talk of this queue's transfer contacts; else of every transfer
    // contact of the destination; else the destination's callers' talk.
    let after = cal
        .talk_after_transfer_from
        .get(name)
        .or_else(|| cal.talk_after_transfer.get(target));
    let talk_after = after
        .or_else(|| {
            cal.streams
                .iter()
                .find(|((qn, _), _)| qn == target)
                .and_then(|(_, s)| s.talk.as_ref())
        })
        .map_or_else(|| "\"0s\"".to_string(), |e| e.toml.clone());
    if let Some(e) = after {
        let _ = writeln!(t, "# talk after the transfer: {}", e.summary);
    }
    match to_agent {
        Some(profile) => {
            let _ = writeln!(
                t,
                "# {n} of {} answered contacts were transferred by their agent; most to one agent of {} (an agent quick connect: the contact waits for that agent; how the agent was named is read from those waits, above)",
                f.answered,
                names.groups.in_comment(profile)
            );
        }
        None => {
            let _ = writeln!(
                t,
                "# {n} of {} answered contacts were transferred by their agent; most to {}",
                f.answered,
                names.queues.in_comment(target)
            );
        }
    }
    // A rule has one target: say where the others went.
    let others: Vec<String> = f
        .transferred_to
        .iter()
        .filter(|(q, _)| q.as_str() != target)
        .map(|(q, k)| {
            let to = match cal
                .follow_ups
                .queues
                .get(q)
                .and_then(|d| d.agent_queue_of.as_deref())
            {
                Some(profile) => format!("agents of {}", names.groups.in_comment(profile)),
                None if q.is_empty() => "no queue".to_string(),
                None => names.queues.in_comment(q),
            };
            format!("{k} to {to}")
        })
        .collect();
    if !others.is_empty() {
        let _ = writeln!(
            t,
            "# the rule sends them all there; the records send {}",
            others.join(", ")
        );
    }
    // Transferred callers wait on hold, and some hang up there.
    let hold_patience = match cal.transfer_hold_patience.get(target) {
        Some(e) => {
            let _ = writeln!(
                t,
                "# transferred callers' patience on hold in {}: {}",
                names.queues.in_comment(target),
                e.summary
            );
            format!(", hold_patience = {}", e.toml)
        }
        None => String::new(),
    };
    let _ = writeln!(
        t,
        "transfer = {{ probability = {share:.4}, after = {}, {destination}, cold = true, talk_after = {talk_after}{hold_patience} }}",
        before.toml
    );
}

fn groups(t: &mut String, cal: &Calibration, names: &Names) {
    for (profile, served) in &cal.routing {
        if !scenario_agents::profile_is_written(cal, profile) {
            let _ = writeln!(
                t,
                "# routing profile {} left out: its agents took no queue's contacts and dialled out of none\n",
                names.groups.in_comment(profile)
            );
            continue;
        }
        let _ = writeln!(t, "[[routing_profiles]]");
        let _ = writeln!(t, "name = {}", names.groups.q(profile));
        let levels = cal.queue_priority.get(profile);
        let priority = |queue: &str| levels.and_then(|l| l.get(queue)).copied().unwrap_or(1);
        if levels.is_some_and(|l| l.values().any(|&p| p > 1)) {
            let _ = writeln!(
                t,
                "# priorities: its agents took the first queue's contacts while the other's waited, and (almost) never the reverse (calibration.json: passed_over)"
            );
        }
        let delays = cal.queue_delay.get(profile);
        for (queue, d) in delays.into_iter().flatten() {
            let (taken, others) = match d.basis {
                DelayBasis::OtherTeams => {
                    ("contacts its agents took", "the queue's other agents took")
                }
                DelayBasis::FreeAgents => (
                    "contacts its agents took while free since the contact's arrival",
                    "free agents took the channel's other queues' contacts",
                ),
            };
            let _ = writeln!(
                t,
                "# delay in {}: none of the {} {taken} had waited less than {:.1} s (the whisper included); {others} {} of their {} sooner (calibration.json: routing_priority.delays)",
                names.queues.in_comment(queue),
                d.taken,
                d.least_wait_s,
                d.others_sooner,
                d.others_taken
            );
        }
        let mut list: Vec<String> = served
            .iter()
            .map(|queue| {
                let delay = delays.and_then(|m| m.get(queue)).map_or(0, |d| d.seconds);
                format!(
                    "{{ queue = {}, priority = {}, delay = \"{delay}s\" }}",
                    names.queues.q(queue),
                    priority(queue)
                )
            })
            .collect();
        if let (true, Some(queue)) = (
            list.is_empty(),
            scenario_agents::outbound_queue_of(cal, profile),
        ) {
            // Its agents only dialled out; a profile must serve a queue.
            list.push(format!(
                "{{ queue = {}, priority = 1 }}",
                names.queues.q(queue)
            ));
        }
        let _ = writeln!(t, "queues = [{}]", list.join(", "));
        scenario_agents::profile_lines(t, cal, profile, &names.queues);
        let _ = writeln!(t);
    }
    let has_callbacks = cal
        .follow_ups
        .queues
        .values()
        .any(|f| f.callback_take_up().is_some());
    for profile in cal.routing.keys() {
        if !scenario_agents::profile_is_written(cal, profile) {
            continue;
        }
        let _ = writeln!(t, "[[agent_groups]]");
        let _ = writeln!(t, "name = {}", names.groups.q(profile));
        let _ = writeln!(t, "routing_profile = {}", names.groups.q(profile));
        if let Some(src) = cal.headcount_source.get(profile) {
            let _ = writeln!(t, "# headcount: {}", src.describe());
        }
        if let Some(gap) = cal.roster_raised.get(profile) {
            let _ = writeln!(
                t,
                "# except {} interval(s) the roster does not cover, where agents were seen working: those take the agents seen (a lower bound; see the warning)",
                gap.intervals
            );
        }
        if let Some(s) = cal.available.get(profile).filter(|s| s.applied) {
            let _ = writeln!(t, "# × the share of them busy while callers waited (the rest on breaks, aux or absent), each interval its own as far as its waiting reads it ({} over the day): agents on the phones (calibration.json: headcount_scaled_to_available)", s.share);
        }
        let counts: Vec<String> = cal
            .headcount
            .get(profile)
            .map(|c| c.iter().map(u32::to_string).collect())
            .unwrap_or_default();
        let _ = writeln!(t, "headcount = [{}]", counts.join(", "));
        accept_lines(t, cal, profile, has_callbacks);
        if let Some(acw) = cal.acw.get(profile) {
            let _ = writeln!(t, "# after-contact work: {}", acw.summary);
            let _ = writeln!(t, "after_contact_work = {}", acw.toml);
        }
        if let Some(by) = cal.acw_by_channel.get(profile) {
            for (ch, e) in by {
                let _ = writeln!(t, "# {ch} after-contact work: {}", e.summary);
            }
            let fields: Vec<String> = by
                .iter()
                .map(|(ch, e)| format!("{ch} = {}", e.toml))
                .collect();
            let _ = writeln!(
                t,
                "after_contact_work_by_channel = {{ {} }}",
                fields.join(", ")
            );
        }
        scenario_agents::group_lines(t, cal, profile);
        let _ = writeln!(t);
    }
}

/// The name of the customer queue flow written for `queue`.
fn queue_flow_name(queue: &str) -> String {
    format!("queue flow of {queue}")
}

/// Whether `queue`'s contacts were offered callbacks or moved on by its
/// queue flow (so the scenario gives it a customer queue flow).
fn has_queue_flow(cal: &Calibration, queue: &str) -> bool {
    cal.follow_ups
        .queues
        .get(queue)
        .is_some_and(|f| f.callback_take_up().is_some() || f.queue_move().is_some())
}

/// A customer queue flow per queue whose contacts took callbacks or were
/// moved to another queue: the callback offer (when, how often taken,
/// into which queue, how often the customer answers) and the move (where,
/// after what wait), as the records show them.
fn queue_flows(t: &mut String, cal: &Calibration, names: &Names) {
    let outcomes = cal.follow_ups.callbacks;
    for (queue, f) in &cal.follow_ups.queues {
        if !has_queue_flow(cal, queue) || f.agent_queue_of.is_some() {
            continue;
        }
        let _ = writeln!(t, "[[flows]]");
        let _ = writeln!(t, "name = {}", q(&queue_flow_name(queue)));
        let _ = writeln!(t, "type = \"customer_queue\"");
        if let Some(c) = f.callback_take_up() {
            let _ = writeln!(
                t,
                "# {} of {:.1} callers still waiting at the offer took a callback (95 % CI {:.4}–{:.4}; answered callers' waits less an accept lag of {:.2} s)",
                c.taken, c.at_risk, c.ci95.0, c.ci95.1, c.accept_lag.0
            );
            let answer_read = outcomes.answer();
            let (answer, how) = match &answer_read {
                Some(a) => {
                    let p = a.probability();
                    let (k, n, (lo, hi)) = (p.of, p.out_of, p.ci95);
                    let how = match a {
                        CallbackAnswer::PerAttempt { max_attempts, .. } => format!(
                            "{k} of {n} dial attempts answered (95 % CI {lo:.4}–{hi:.4}; voicemail included), \
                             over {} dialled callbacks taking up to {max_attempts} attempts{}{}",
                            outcomes.callbacks_dialled(),
                            if outcomes.retries > 0 { " (each attempt a contact of its own, naming the next)" } else { "" },
                            if *max_attempts > a.max_attempts() {
                                format!("; written as {}, the most a scenario allows", a.max_attempts())
                            } else {
                                String::new()
                            }
                        ),
                        CallbackAnswer::PerCallback { .. } => format!(
                            "{k} of {n} dialled callbacks answered (95 % CI {lo:.4}–{hi:.4}; voicemail included); \
                             the records show a callback's outcome, not its attempts, so it is dialled once"
                        ),
                    };
                    (p.value, how)
                }
                None => (1.0, "no callback was dialled: answer assumed".to_string()),
            };
            let _ = writeln!(t, "# callback answer: {how}");
            let mut target = f.callback_queue().map_or_else(String::new, |cq| {
                format!(", queue = {}", names.queues.q(cq))
            });
            if let Some(d) = cal.follow_ups.callback_initial_delay().filter(|&d| d > 0) {
                let n: u64 = cal.follow_ups.callback_delays.values().sum();
                let _ = writeln!(
                    t,
                    "# initial delay: the median of {n} callbacks' initiation to queue"
                );
                target.push_str(&format!(", initial_delay = \"{d}s\""));
            }
            let retry_delay = cal.follow_ups.callback_retry_delay();
            if let Some(d) = retry_delay.filter(|&d| d > 0) {
                let n: u64 = cal.follow_ups.retry_delays.values().sum();
                let _ = writeln!(
                    t,
                    "# retry delay: the median of {n} later attempts' time from the end of the attempt before to their queue"
                );
                target.push_str(&format!(", retry_delay = \"{d}s\""));
            } else if answer_read.as_ref().is_some_and(|a| a.max_attempts() > 1) {
                // Attempts counted on one record show no gap between them.
                let _ = writeln!(
                    t,
                    "# retry delay: not in the records (no attempt is a contact of its own): the default, {} s, is used",
                    crate::scenario::DEFAULT_CALLBACK_RETRY_DELAY.as_millis() / 1000
                );
            }
            // Connect's records do not say when a callback's dial began to
            // ring, so nothing is read; say so rather than leave it unsaid.
            let _ = writeln!(
                t,
                "# ring: not in the records: the default, {} s an attempt, is used",
                crate::scenario::DEFAULT_CALLBACK_RING_SECS
            );
            // The callbacks' own conversation, read from the CALLBACK
            // contacts answered in their queue (else the callers' talk).
            let mut talk = String::new();
            if let Some(e) = cal.callback_talk.get(f.callback_queue().unwrap_or(queue)) {
                let _ = writeln!(t, "# callback talk: {}", e.summary);
                talk = format!(", talk = {}", e.toml);
            }
            let _ = writeln!(
                t,
                "callback = {{ offer_after = {}, take_probability = {:.4}{target}, answer_probability = {answer:.4}{}{talk} }}",
                secs(c.offer_after_s),
                c.probability,
                answer_read.map_or(String::new(), |a| format!(", max_attempts = {}", a.max_attempts()))
            );
        }
        if let Some((to, after)) = f.queue_move() {
            let moved: u64 = f.moved_to.values().sum();
            let _ = writeln!(
                t,
                "# {moved} of {} queued contacts were moved on (median wait before the move)",
                f.queued
            );
            // A scenario's move comes after some wait; a median under a
            // second (contacts moved the moment they queued) is written as
            // one second.
            if after < 1.0 {
                let _ = writeln!(t, "# (the median is under a second: written as 1 s)");
            }
            let _ = writeln!(
                t,
                "move_to_queue = {{ queue = {}, after = {} }}",
                names.queues.q(to),
                secs(after.max(1.0))
            );
        }
        let _ = writeln!(t);
    }
}

fn sources(t: &mut String, cal: &Calibration, names: &Names) {
    for (queue, entry) in cal.arrivals.queued.keys() {
        let (s, own, all) = cal.arrivals.self_service_in(queue, *entry);
        let flow = format!("{} flow to {}", entry.tag(), queue);
        let _ = writeln!(t, "[[flows]]");
        let _ = writeln!(t, "name = {}", q(&flow));
        let _ = writeln!(t, "type = \"inbound\"");
        // The queue's own callers' time, else the entry's.
        let own_flow = cal
            .streams
            .get(&(queue.clone(), *entry))
            .and_then(|f| f.flow.as_ref());
        match own_flow.or_else(|| cal.ivr.get(entry)) {
            Some(ivr) => {
                let whose = if own_flow.is_some() {
                    "of the contacts queued here"
                } else {
                    "of all its contacts"
                };
                let _ = writeln!(t, "# time in the inbound flow {whose}: {}", ivr.summary);
                let _ = writeln!(t, "duration = {}", ivr.toml);
            }
            // A flow needs a duration; no record measured this one.
            None => {
                let _ = writeln!(
                    t,
                    "# no record measured the time in the inbound flow: assumed none"
                );
                let _ = writeln!(t, "duration = \"0s\"");
            }
        }
        if cal.arrivals.flowless.contains(&(queue.clone(), *entry)) && own == 0 {
            let _ = writeln!(
                t,
                "# its callers spent no time in the flow: none of the {} contacts that ended in an inbound flow came through it",
                entry.tag()
            );
        } else {
            let _ = writeln!(
                t,
                "# {own} of {all} {} contacts ended in the inbound flow (self-served contacts name no queue: shared among the queues whose callers spent time in their flow)",
                entry.tag()
            );
        }
        let _ = writeln!(t, "self_service = {s:.4}");
        let _ = writeln!(
            t,
            "queues = [{{ queue = {}, probability = 1.0 }}]",
            names.queues.q(queue)
        );
        if has_queue_flow(cal, queue) {
            let _ = writeln!(
                t,
                "sets = {{ customer_queue = {} }}",
                q(&queue_flow_name(queue))
            );
        }
        flow_email(t, cal, *entry);
        let _ = writeln!(t);
        source(t, cal, queue, *entry, &flow);
    }
}

/// The inbound flow's `send_email`, when the entry's contacts were sent
/// flow emails.
fn flow_email(t: &mut String, cal: &Calibration, entry: Entry) {
    let Some(f) = cal.flow_emails.get(&entry) else {
        return;
    };
    let p = f.probability;
    let _ = writeln!(
        t,
        "# {} flow emails (FLOW, EMAIL) related to the {} {} contacts (95 % CI {:.4}–{:.4})",
        p.of,
        p.out_of,
        entry.tag(),
        p.ci95.0,
        p.ci95.1
    );
    let sending = match &f.sending {
        Some(e) => {
            let _ = writeln!(t, "# sending (initiation to disconnect): {}", e.summary);
            format!(", sending = {}", e.toml)
        }
        None => {
            let _ = writeln!(t, "# sent within the second: at once");
            String::new()
        }
    };
    let _ = writeln!(
        t,
        "send_email = {{ probability = {:.4}{sending} }}",
        p.value
    );
}

/// An email source's `reply`, when its queue's emails were replied to.
fn reply(t: &mut String, cal: &Calibration, queue: &str) {
    let Some(r) = cal.email_replies.get(queue) else {
        return;
    };
    let p = r.probability;
    let _ = writeln!(
        t,
        "# {} of {} answered emails replied to (AGENT_REPLY; 95 % CI {:.4}–{:.4})",
        p.of, p.out_of, p.ci95.0, p.ci95.1
    );
    match (&r.writing, p.of) {
        (_, 0) => {}
        (Some(w), _) => {
            let _ = writeln!(
                t,
                "# writing (the reply's agent interaction): {}",
                w.summary
            );
            let _ = writeln!(
                t,
                "reply = {{ probability = {:.4}, writing = {} }}",
                p.value, w.toml
            );
        }
        (None, _) => {
            let _ = writeln!(t, "# no reply gave its writing time: replies left out");
        }
    }
}

/// An API voice source's `dial` (ring and answer) or a task source's
/// `scheduled_after`, from the time between initiation and connection.
fn start_delay(t: &mut String, cal: &Calibration, entry: Entry) {
    let delay = cal.start_delay.get(&entry);
    if let Some((p, answered, dialled)) = cal.arrivals.answered(entry) {
        let (lo, hi) = rates::wilson(answered, dialled);
        let _ = writeln!(
            t,
            "# {answered} of {dialled} dials answered (95 % CI {lo:.4}–{hi:.4})"
        );
        let ring = match delay {
            Some(e) => {
                let _ = writeln!(
                    t,
                    "# ring (initiation to answer, or to giving up): {}",
                    e.summary
                );
                e.toml.clone()
            }
            None => "\"0s\"".to_string(),
        };
        let _ = writeln!(t, "dial = {{ ring = {ring}, answer_probability = {p:.4} }}");
    } else if let (Entry::Task, Some(e)) = (entry, delay) {
        if e.mean_s >= 1.0 {
            let _ = writeln!(t, "# scheduled (initiation to start): {}", e.summary);
            let _ = writeln!(t, "scheduled_after = {}", e.toml);
        }
    }
}

fn source(t: &mut String, cal: &Calibration, queue: &str, entry: Entry, flow: &str) {
    let fits = cal.streams.get(&(queue.to_string(), entry));
    let answered = cal.arrivals.answered(entry);
    let volumes: Vec<String> = cal
        .arrivals
        .source_volume(queue, entry)
        .iter()
        .map(|&n| format!("{}", (n * 1000.0).round() / 1000.0))
        .collect();
    let _ = writeln!(t, "[[sources]]");
    let _ = writeln!(t, "name = {}", q(&format!("{} {}", queue, entry.tag())));
    let _ = writeln!(t, "method = \"{}\"", entry.scenario_method());
    if let Some(channel) = entry.scenario_channel() {
        let _ = writeln!(t, "channel = \"{channel}\"");
    }
    let _ = writeln!(
        t,
        "# contacts queued per interval, divided by the share that reaches the queue (not served by the flow{})",
        if answered.is_some() {
            ", and dials answered"
        } else {
            ""
        }
    );
    let _ = writeln!(t, "volume_per_interval = [{}]", volumes.join(", "));
    let _ = writeln!(t, "{OBSERVED_COUNTS}");
    let _ = writeln!(t, "inbound_flow = {}", q(flow));
    if entry == Entry::Email {
        reply(t, cal, queue);
    }
    start_delay(t, cal, entry);
    if let (Entry::Task, Some(p)) = (entry, fits.and_then(|f| f.pause.as_ref())) {
        let _ = writeln!(t, "{}", p.toml());
    }
    let _ = writeln!(t);
    let _ = writeln!(t, "[sources.customer]");
    let talk = fits.and_then(|f| f.talk.as_ref());
    match talk {
        Some(e) => {
            let _ = writeln!(t, "# talk: {}", e.summary);
            let _ = writeln!(t, "talk = {}", e.toml);
        }
        None => {
            let _ = writeln!(t, "# no answered contact to estimate talk from: assumed");
            let _ = writeln!(t, "talk = \"3m\"");
        }
    }
    // An email's customer does not hang up in the queue.
    let patience = fits
        .and_then(|f| f.patience.as_ref())
        .filter(|_| entry != Entry::Email);
    if let Some(p) = patience {
        let _ = writeln!(t, "# patience (censored MLE): {}", p.summary);
        let _ = writeln!(t, "patience = {}", p.toml);
    }
    if let Some(f) = fits {
        let (mean, n) = f.holds_per_contact;
        if let (Some(h), true) = (&f.hold, mean > 0.0) {
            let _ = writeln!(
                t,
                "# {mean:.3} holds per answered contact over {n}; one hold: {}",
                h.summary
            );
            // A scenario's customers hold at most so often on average: more
            // in the records is written at the limit, saying so.
            let limit = crate::scenario::limits::MAX_MEAN_HOLDS;
            if mean > limit {
                let _ = writeln!(
                    t,
                    "# (a scenario holds at most {limit} on average: written as {limit})"
                );
            }
            let _ = writeln!(
                t,
                "holds = {{ mean_count = {:.4}, duration = {} }}",
                mean.min(limit),
                h.toml
            );
        }
    }
    let _ = writeln!(t);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::agent_work::AcceptLag;

    fn delay(seconds: f64, spread_s: f64) -> AnswerDelay {
        AnswerDelay {
            lag: AcceptLag {
                seconds,
                gaps: 100,
                arrivals: false,
                spread_s,
            },
            own: true,
            seconds,
            from_misses: false,
        }
    }

    #[test]
    fn an_answer_delay_is_written_uniform_only_where_its_answers_spread() {
        // Within the noise: constant.
        assert_eq!(delay_value(&delay(5.0, 1.2)), "\"5s\"");
        // A 3–15 s spread (standard deviation 3.46 s): uniform around the
        // mean, √3 standard deviations each way.
        assert_eq!(
            delay_value(&delay(9.0, 12.0 / 12f64.sqrt())),
            "{ dist = \"uniform\", min = \"3s\", max = \"15s\" }"
        );
        // Kept at or above 0 s and within Connect's 20 s, the mean kept.
        assert_eq!(
            delay_value(&delay(2.0, 3.0)),
            "{ dist = \"uniform\", min = \"0s\", max = \"4s\" }"
        );
        assert_eq!(
            delay_value(&delay(18.0, 3.0)),
            "{ dist = \"uniform\", min = \"16s\", max = \"20s\" }"
        );
    }
}
