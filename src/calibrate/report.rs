//! The calibration report a planner reads (`calibration.md`, also printed):
//! what was read and skipped, and each estimate in a sentence or a table
//! row — the details stay in `calibration.json`.

use std::fmt::Write as _;

use crate::ingest::renames::{Rename, SharedName};
use crate::timefmt::format_iso8601_utc_seconds;

use super::fit::test_description;
use super::json::RESOLUTION_NOTE;
use super::model::Calibration;
use super::profiles::WEEKDAYS;
use super::rates::{wilson, CallbackAnswer};

/// What was read, for the report's first lines.
#[derive(Debug, Clone, Default)]
pub struct InputSummary {
    /// Files read.
    pub files: u64,
    /// Records read.
    pub records: u64,
    /// Contacts kept.
    pub kept: u64,
    /// Skipped records by reason.
    pub skipped: Vec<(String, u64)>,
    /// Queues and routing profiles renamed within the records.
    pub renamed: Vec<Rename>,
    /// Names several queue or routing profile ARNs share.
    pub shared_names: Vec<SharedName>,
}

/// The report's text (Markdown).
pub fn render(cal: &Calibration, input: &InputSummary) -> String {
    let mut t = String::new();
    let p = &cal.period;
    let _ = writeln!(t, "# Calibration report\n");
    let _ = writeln!(
        t,
        "Read {} records from {} files; kept {} contacts.",
        input.records, input.files, input.kept
    );
    for (reason, n) in &input.skipped {
        let _ = writeln!(t, "- skipped {n}: {reason}");
    }
    for r in &input.renamed {
        let _ = writeln!(
            t,
            "- {kind} \"{from}\" was renamed \"{to}\" (same {field} {arn}): its contacts are counted as \"{to}\"",
            kind = r.kind.as_str(),
            from = r.from,
            to = r.to,
            field = r.kind.arn_field(),
            arn = r.arn,
        );
    }
    for n in &input.shared_names {
        let _ = writeln!(
            t,
            "- {kind} \"{name}\" is the name of {count} {field}s ({arns}): their contacts are counted as one {kind}; to model them apart, rename one in Connect or calibrate their records separately",
            kind = n.kind.as_str(),
            name = n.name,
            count = n.arns.len(),
            field = n.kind.arn_field(),
            arns = n.arns.join(", "),
        );
    }
    for (what, n) in &cal.samples.rejected {
        let _ = writeln!(
            t,
            "- left out of the fits: {n} {what} values (negative or not a number)"
        );
    }
    let _ = writeln!(
        t,
        "\nPeriod {} to {}, {} intervals of {} min.\n",
        format_iso8601_utc_seconds(p.start_ms),
        format_iso8601_utc_seconds(p.end_ms()),
        p.intervals,
        p.interval_ms / 60_000
    );
    if let Some(note) = &cal.interval_note {
        let _ = writeln!(t, "{note}\n");
    }
    // What was found wrong with the data, before the estimates it bears on.
    super::warnings::write_markdown(&mut t, &cal.warnings);
    arrivals(&mut t, cal);
    distributions(&mut t, cal);
    follow_ups(&mut t, cal);
    email(&mut t, cal);
    headcount(&mut t, cal);
    super::report_agents::render(&mut t, cal);
    profiles(&mut t, cal);
    let _ = writeln!(t, "## Method notes\n\n- Resolution: {RESOLUTION_NOTE}\n- {}\n- Patience is estimated from censored data: an abandoned contact shows its patience, an answered (or moved) one only that patience exceeded its wait. The naive mean of abandoned waits is biased low and is not used.", test_description());
    t
}

fn arrivals(t: &mut String, cal: &Calibration) {
    let _ = writeln!(t, "## Arrivals (contacts queued)\n\n| queue | channel | method | contacts | per hour |\n|---|---|---|---:|---:|");
    for ((queue, e), counts) in &cal.arrivals.queued {
        let n: u64 = counts.iter().sum();
        let _ = writeln!(
            t,
            "| {} | {} | {} | {n} | {:.2} |",
            super::markdown::cell(queue),
            e.channel(),
            e.method(),
            n as f64 / cal.period.hours()
        );
    }
    for e in cal.ivr.keys() {
        let (s, own, all) = cal.arrivals.self_service(*e);
        let (lo, hi) = wilson(own, all);
        let _ = writeln!(
            t,
            "\nSelf-service ({} {}): {:.1} % ({own} of {all}; 95 % CI {:.1}–{:.1} %).",
            e.channel(),
            e.method(),
            100.0 * s,
            100.0 * lo,
            100.0 * hi
        );
        let per_queue = cal.arrivals.self_service_per_queue(*e);
        if !per_queue.is_empty() {
            let each: Vec<String> = per_queue
                .iter()
                .map(|(q, (s, own, all))| format!("{q} {:.1} % ({own} of {all})", 100.0 * s))
                .collect();
            let _ = writeln!(
                t,
                "Written per queue: {}. A self-served contact names no queue: the self-served are shared among the queues whose callers spent time in the inbound flow, by the contacts each queued; a queue callers reached with no flow time served none.",
                each.join(", ")
            );
        }
    }
    for e in cal.arrivals.unanswered.keys() {
        if let Some((p, answered, dialled)) = cal.arrivals.answered(*e) {
            let (lo, hi) = wilson(answered, dialled);
            let _ = writeln!(
                t,
                "\nDials answered ({} {}): {:.1} % ({answered} of {dialled}; 95 % CI {:.1}–{:.1} %). The source's volume counts every dial.",
                e.channel(),
                e.method(),
                100.0 * p,
                100.0 * lo,
                100.0 * hi
            );
        }
    }
    for (queue, found) in &cal.arrivals.capacity {
        let _ = writeln!(
            t,
            "\nQueue capacity ({}): {} — it never held more, and {} contacts ended in their inbound flow while it held that many, where chance would put {:.1} (it was that full {:.1} % of the time). Read as callers a full queue turned away: {} are counted as its arrivals, not self-service, and the scenario caps the queue at {}.",
            super::markdown::cell(queue),
            found.capacity,
            found.ended_full,
            found.expected,
            100.0 * found.full_share,
            found.turned_total(),
            found.capacity
        );
    }
    for (queue, x) in &cal.external {
        let _ = writeln!(t, "\n{}", x.summary(&super::markdown::cell(queue)));
    }
    for (e, n) in &cal.arrivals.turned_away {
        let _ = writeln!(
            t,
            "\nTurned away at the instance's limit of active contacts ({} {}, TELECOM_BUSY before any queue): {n}. Not in the volumes and not self-service: the scenario sets no instance limit (add `[instance_limits]` to reproduce the turning away).",
            e.channel(),
            e.method()
        );
    }
    if !cal.arrivals.disconnect.is_empty() {
        let counts: Vec<String> = cal
            .arrivals
            .disconnect
            .iter()
            .map(|(ch, n)| format!("{ch}: {n}"))
            .collect();
        let _ = writeln!(
            t,
            "\nDISCONNECT contacts (a disconnect flow's new contacts; {}) are counted among their channel's arrivals (queued, or self-served when no queue took them): the scenario starts them as its sources' contacts, not from a disconnect flow (the records do not show who stayed for one).",
            counts.join(", ")
        );
    }
    if !cal.arrivals.others.is_empty() {
        let _ = writeln!(
            t,
            "\nNot arrivals of their own (reproduced by the scenario's rules, or not modelled):"
        );
        for ((m, c), n) in &cal.arrivals.others {
            let _ = writeln!(t, "- {m} {c}: {n}");
        }
    }
    let _ = writeln!(t);
}

fn distributions(t: &mut String, cal: &Calibration) {
    let _ = writeln!(t, "## Durations\n");
    for (e, f) in &cal.ivr {
        let _ = writeln!(
            t,
            "- inbound flow ({} {}): {}",
            e.channel(),
            e.method(),
            f.summary
        );
    }
    for ((queue, e), f) in &cal.streams {
        let tag = format!("{queue} ({} {})", e.channel(), e.method());
        let line = |x: &Option<super::estimate::Estimated>| {
            x.as_ref()
                .map_or_else(|| "not enough data".to_string(), |e| e.summary.clone())
        };
        let _ = writeln!(t, "- {tag} talk: {}", line(&f.talk));
        let _ = writeln!(t, "- {tag} patience: {}", line(&f.patience));
        if let Some(p) = &f.pause {
            let _ = writeln!(t, "- {tag} pauses: {}", p.summary());
        }
        if f.holds_per_contact.0 > 0.0 {
            let _ = writeln!(
                t,
                "- {tag} holds: {:.3} per contact; one hold: {}",
                f.holds_per_contact.0,
                line(&f.hold)
            );
        }
    }
    for (e, f) in &cal.start_delay {
        let what = if *e == super::streams::Entry::ApiVoice {
            "ring"
        } else {
            "scheduled delay"
        };
        let _ = writeln!(
            t,
            "- {what} ({} {}): {}",
            e.channel(),
            e.method(),
            f.summary
        );
    }
    for (p, f) in &cal.acw {
        let _ = writeln!(t, "- after-contact work ({p}): {}", f.summary);
        for (ch, e) in cal.acw_by_channel.get(p).into_iter().flatten() {
            let _ = writeln!(t, "  - on {ch}: {}", e.summary);
        }
    }
    let _ = writeln!(t);
}

fn follow_ups(t: &mut String, cal: &Calibration) {
    let _ = writeln!(t, "## Follow-ups per queue\n\n| queue | queued | answered | agent transfers | queue transfers | callbacks chosen |\n|---|---:|---:|---:|---:|---:|");
    for (queue, f) in &cal.follow_ups.queues {
        let (share, n) = f.transfer_share();
        let moved: u64 = f.moved_to.values().sum();
        let moves = match f.queue_move() {
            Some((to, after)) => format!("{moved} (to {to} after {after} s)"),
            None => moved.to_string(),
        };
        let callbacks = match f.callback_take_up() {
            Some(c) => format!(
                "{} ({:.1} % of the {:.0} still waiting at {} s; 95 % CI {:.1}–{:.1} %; accept lag {:.2} s from {} gaps)",
                c.taken,
                100.0 * c.probability,
                c.at_risk,
                c.offer_after_s,
                100.0 * c.ci95.0,
                100.0 * c.ci95.1,
                c.accept_lag.0,
                c.accept_lag.1
            ),
            None => f.callbacks_requested.to_string(),
        };
        let away = if f.transferred_away > 0 {
            format!(
                "; {} more to no queue (external: the contact's end)",
                f.transferred_away
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            t,
            "| {} | {} | {} | {n} ({:.1} %){away} | {moves} | {callbacks} |",
            super::markdown::cell(queue),
            f.queued,
            f.answered,
            100.0 * share,
        );
    }
    let cb = cal.follow_ups.callbacks;
    if cb.contacts > 0 {
        let _ = writeln!(
            t,
            "\nCallbacks: {} contacts, {} dialled, {} answered by the customer.",
            cb.contacts, cb.dialled, cb.answered
        );
        if cb.retries > 0 {
            let _ = writeln!(
                t,
                "{} of those contacts are a callback's later dial attempt (a CALLBACK contact naming the next as its NextContactId): {} callbacks dialled, up to {} attempts each.",
                cb.retries,
                cb.callbacks_dialled(),
                cb.longest_chain
            );
        }
    }
    if let Some(
        a @ CallbackAnswer::PerAttempt {
            attempts,
            max_attempts,
            ..
        },
    ) = cb.answer()
    {
        let how = if cb.retries > 0 {
            "a contact per attempt"
        } else {
            "an attempt count on each callback"
        };
        let _ = writeln!(
            t,
            "The records show each callback's dial attempts ({how}; {attempts} in all, up to {max_attempts} for one callback): the scenario's answer probability is per attempt, with up to {} attempts (a scenario allows at most {}).",
            a.max_attempts(),
            crate::scenario::MAX_CALLBACK_ATTEMPTS
        );
    }
    let _ = writeln!(t, "\nAgent transfers are written into the scenario (queue `transfer` rules, cold, to the main target queue). A transfer to one named agent waits in that agent's own queue (`…/queue/agent/` and the agent's id, no name): such queues are counted as `agent:` and the routing profile of the agent, and a transfer there is written as an agent quick connect to one agent of that profile's group (`to_group`). The records do not say how the agent was named, but the waits there do: named at random, the agent is busy about as often as the group is (its occupancy), and the caller waits; named as the one idle longest, the caller waits only when all the group's agents are busy (about Erlang C's P(wait) at that occupancy). The pick under which the waits beyond the accept lag are likelier is written (`agent = \"longest_idle\"` or `\"random\"`; random below 20 answered transfers). Callbacks and queue transfers are written into a customer queue flow per queue: the callback offer at the median wait of the callers who took it, taken with the conditional take-up (callers who took it over callers still waiting at the offer — not over all queued contacts, most of whom were answered or gave up before any offer; an answered caller counts as waiting at the offer only if its agent took it after the offer: its recorded wait runs to the dequeue, so the queue's accept lag — agent whisper and answer delay, read from the gap between an agent's free moment and the dequeue of a contact that was already waiting for it — is taken off), into the callbacks' queue, answered at the rate dial attempts were when the records show them (ccsim's count them on the callback; Connect may write a contact per attempt, each unanswered one naming the next) — else at the rate dialled callbacks were, dialled once, since the records then show a callback's outcome but not its attempts; the move to the queue most moves went to, after the median wait before a move.\n");
}

/// Email replies per queue and flow emails per entry, when there are any.
fn email(t: &mut String, cal: &Calibration) {
    if cal.email_replies.is_empty() && cal.flow_emails.is_empty() {
        return;
    }
    let _ = writeln!(
        t,
        "## Email
"
    );
    for (queue, r) in &cal.email_replies {
        let p = r.probability;
        let writing = r.writing.as_ref().map_or_else(
            || "no writing time recorded".to_string(),
            |w| format!("writing: {}", w.summary),
        );
        let _ = writeln!(
            t,
            "- {queue}: {} of {} answered emails replied to, {:.1} % (95 % CI {:.1}–{:.1} %); {writing}",
            p.of,
            p.out_of,
            100.0 * p.value,
            100.0 * p.ci95.0,
            100.0 * p.ci95.1
        );
    }
    for (entry, f) in &cal.flow_emails {
        let p = f.probability;
        let sending = f.sending.as_ref().map_or_else(
            || "sent at once".to_string(),
            |s| format!("sending: {}", s.summary),
        );
        let _ = writeln!(
            t,
            "- inbound flow ({} {}): {} flow emails for {} contacts, {:.1} % (95 % CI {:.1}–{:.1} %); {sending}",
            entry.channel(),
            entry.method(),
            p.of,
            p.out_of,
            100.0 * p.value,
            100.0 * p.ci95.0,
            100.0 * p.ci95.1
        );
    }
    if cal.email_unmatched > 0 {
        let _ = writeln!(
            t,
            "- {} replies or flow emails name a contact not among those read (it began before the records, or its record is missing): left out",
            cal.email_unmatched
        );
    }
    let _ = writeln!(t, "
A reply (AGENT_REPLY) and a flow email (FLOW) are joined to the contact they name by RelatedContactId. An email source replies with the share of its queue's answered emails that a reply answers, written in the reply's agent interaction time; an inbound flow sends an email with the share of its contacts that were sent one (contacts turned away at the instance's limit before their flow left out), active from initiation to disconnect.\n");
}

fn headcount(t: &mut String, cal: &Calibration) {
    let _ = writeln!(t, "## Headcount\n");
    for (p, c) in &cal.headcount {
        let src = cal.headcount_source.get(p).map_or("", |s| s.describe());
        let peak = c.iter().max().copied().unwrap_or(0);
        let scaled = cal
            .available
            .get(p)
            .filter(|s| s.applied)
            .map_or(String::new(), |s| {
                let (lo, hi) = s
                    .per_interval
                    .iter()
                    .fold((f64::MAX, f64::MIN), |(lo, hi), &x| (lo.min(x), hi.max(x)));
                format!(
                    "; scaled by the share busy while callers waited, each interval its own: {:.1} % over the day, {:.1}–{:.1} % by interval",
                    100.0 * s.share,
                    100.0 * lo,
                    100.0 * hi
                )
            });
        let _ = writeln!(t, "- {p}: peak {peak} agents — {src}{scaled}");
    }
    for n in &cal.roster_notes {
        let _ = writeln!(t, "- {n}");
    }
    for g in &cal.unmatched_roster_groups {
        let _ = writeln!(
            t,
            "- roster group `{g}` matches no routing profile in the records: not used"
        );
    }
    for (p, gap) in &cal.roster_raised {
        let _ = writeln!(
            t,
            "- roster for `{p}` does not cover {} interval(s) where the records show agents working (before its first row, or after rows that say they end) — the first at {}, with {} working. Those intervals take the agents seen working (a lower bound); check the roster covers the period.",
            gap.intervals,
            crate::timefmt::format_iso8601_utc_seconds(gap.first_start_ms),
            gap.first_working
        );
    }
    for (p, tail) in &cal.roster_carried {
        let _ = writeln!(
            t,
            "- roster for `{p}` stops at its row of {} (its rows come every {} min): the {} interval(s) from {} carry that row's {} agent(s) on. Right if the roster lists changes only; if it covers fewer days than the records, add the missing rows (or a row of 0 agents where the shift ends).",
            crate::timefmt::format_iso8601_utc_seconds(tail.last_row_ms),
            tail.step_ms / 60_000,
            tail.intervals,
            crate::timefmt::format_iso8601_utc_seconds(tail.first_start_ms),
            tail.carried
        );
    }
    let _ = writeln!(t);
}

fn profiles(t: &mut String, cal: &Calibration) {
    let pr = &cal.profiles;
    let _ = writeln!(
        t,
        "## Volume by weekday (local time)\n\n| day | mean contacts | dates |\n|---|---:|---:|"
    );
    for (k, (mean, days)) in pr.weekday_mean.iter().enumerate() {
        if *days > 0 {
            let _ = writeln!(t, "| {} | {mean:.1} | {days} |", WEEKDAYS[k]);
        }
    }
    let partial: Vec<String> = pr
        .per_date
        .iter()
        .filter(|(_, _, whole)| !whole)
        .map(|(d, n, _)| format!("{d} ({n} contacts)"))
        .collect();
    if !partial.is_empty() {
        let _ = writeln!(
            t,
            "\nDates the records cover only in part, left out of the means: {}.",
            partial.join(", ")
        );
    }
    let _ = writeln!(t);
}
