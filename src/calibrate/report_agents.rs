//! The report's sections on how agents take and hold work beyond their
//! queues' waits: the accept lag, outbound calling and concurrency.

use std::fmt::Write as _;

use super::model::Calibration;

/// The accept lag, outbound and concurrency sections (each left out when
/// nothing of it was seen).
pub fn render(t: &mut String, cal: &Calibration) {
    accept_lag(t, cal);
    outbound(t, cal);
    campaigns(t, cal);
    concurrency(t, cal);
    priorities(t, cal);
}

/// Each profile serving more than one queue: the priorities written and
/// the evidence under them, or that there was too little to read an order
/// (a probe's find: priorities written 1 for lack of evidence said so
/// nowhere).
fn priorities(t: &mut String, cal: &Calibration) {
    let profiles: Vec<_> = cal
        .queue_priority
        .iter()
        .filter(|(_, levels)| levels.len() > 1)
        .collect();
    if profiles.is_empty() {
        return;
    }
    let _ = writeln!(t, "## Routing priorities

Read from the bottom up: a queue is lower when the profile's agents took other queues' contacts while an older one of it waited, at least {} times over the queues not found below it, and it did so to them at most a tenth as often (`calibration.json`: `routing_priority`).
", super::priority::MIN_EVIDENCE);
    for (profile, levels) in profiles {
        let passed = cal.passed_over.get(profile);
        let times = |over: bool, q: &str| -> u64 {
            passed.map_or(0, |p| {
                p.iter()
                    .filter(|((picked, waiting), _)| if over { waiting == q } else { picked == q })
                    .map(|(_, n)| n)
                    .sum()
            })
        };
        let written: Vec<String> = levels
            .iter()
            .map(|(q, l)| format!("{} {l}", super::markdown::cell(q)))
            .collect();
        let evidence: Vec<String> = levels
            .keys()
            .map(|q| {
                format!(
                    "{} {} (it over others {})",
                    super::markdown::cell(q),
                    times(true, q),
                    times(false, q)
                )
            })
            .collect();
        let all: u64 = passed.map_or(0, |p| p.values().sum());
        let flat = levels.values().all(|&l| l == 1);
        let verdict = if !flat {
            String::new()
        } else if all < super::priority::MIN_EVIDENCE {
            // Under one priority no older waiter is passed over at all, so
            // few passes are what equal priorities look like too: say what
            // the count can and cannot tell.
            format!(
                " — all 1: {all} older waiter(s) passed over in all, fewer than the {} that read a queue lower. Under one priority (first come, first served across the queues) none is; an order shows only where callers of two queues wait at once, so at low load one may go unseen (set `priority` by hand if you know it)",
                super::priority::MIN_EVIDENCE
            )
        } else {
            format!(" — all 1: {all} older waiters passed over, but no queue's mostly one way")
        };
        let _ = writeln!(
            t,
            "- {}: {}{verdict}. Older waiters passed over: {}.",
            super::markdown::cell(profile),
            written.join(", "),
            evidence.join(", ")
        );
    }
    let _ = writeln!(t);
}

fn campaigns(t: &mut String, cal: &Calibration) {
    if cal.campaigns.is_empty() {
        return;
    }
    let _ = writeln!(t, "## Outbound campaigns

Calls with a `Campaign.CampaignId`: placed by a dialler, not arrivals; written as `[[campaigns]]` (the mode is read from the records: see each table's comment).
");
    for k in &cal.campaigns {
        let _ = writeln!(t, "- {}", k.summary());
    }
    let _ = writeln!(t);
}

fn outbound(t: &mut String, cal: &Calibration) {
    if cal.outbound.is_empty() {
        return;
    }
    let _ = writeln!(t, "## Outbound calls (agent-initiated)\n\n| routing profile | calls | per free agent-hour (95 % CI) | free / on-shift agent-hours | answered (95 % CI) | ring | talk |\n|---|---:|---:|---:|---:|---|---|");
    for (p, o) in &cal.outbound {
        let line = |e: &Option<super::estimate::Estimated>| {
            e.as_ref()
                .map_or_else(|| "not enough data".to_string(), |e| e.summary.clone())
        };
        let r = o.calls_per_hour;
        let a = o.answer_rate;
        let _ = writeln!(
            t,
            "| {} | {} | {:.3} ({:.3}–{:.3}) | {:.1} / {:.1} | {:.1} % ({:.1}–{:.1} %) | {} | {} |",
            super::markdown::cell(p),
            o.calls,
            r.value,
            r.ci95.0,
            r.ci95.1,
            o.free_agent_hours,
            o.agent_hours,
            100.0 * a.value,
            100.0 * a.ci95.0,
            100.0 * a.ci95.1,
            line(&o.ring),
            line(&o.talk)
        );
    }
    if cal.outbound_unattributed > 0 {
        let _ = writeln!(t, "\n{} outbound calls named no agent and went through a queue no agent's call did: in no estimate.", cal.outbound_unattributed);
    }
    let _ = writeln!(t, "\nAn agent dials only while free (no contact, no after-contact work), so the rate is calls over the agent-hours on shift less the hours busy with any contact (each agent's work merged, so overlapping contacts count once). The hours on shift are the roster's, or — without one — the activity lower bound, which counts an agent in every interval it touched (finishing a call after its shift included): that inflates the free hours and reads the rate low; give a roster. A call the callee did not answer may name no agent: it is put on the routing profile that placed most named calls through the same outbound queue, its ring and the profile's mean after-contact work counted as busy time. After-contact work of outbound calls is in the group's `after_contact_work` (one distribution per group).\n");
}

/// Each profile's voice accept lag, and how it was split into the agent
/// whisper and the group's answer delay.
fn accept_lag(t: &mut String, cal: &Calibration) {
    voice_accept_lag(t, cal);
    if cal.channel_lag_by_profile.is_empty() {
        return;
    }
    if cal.accept.whisper.is_none() {
        // No voice lag read: the section starts here (a chat-only center).
        let _ = writeln!(t, "## Accept lag\n");
    }
    channel_accept_lag(t, cal);
}

/// The voice part of "Accept lag": the whisper and each profile's voice
/// lag (nothing where no voice lag was read).
fn voice_accept_lag(t: &mut String, cal: &Calibration) {
    let Some(whisper) = cal.accept.whisper else {
        return;
    };
    let _ = writeln!(
        t,
        "## Accept lag\n\nDefault agent whisper written: **{:.2} s** ({} gaps{}).\n",
        whisper.seconds,
        whisper.gaps,
        cal.accept
            .whisper_from
            .as_deref()
            .map_or(String::new(), |p| format!(
                ", routing profile {}",
                super::markdown::cell(p)
            ))
    );
    if !cal.voice_lag_by_profile.is_empty() {
        let _ = writeln!(
            t,
            "| routing profile | voice lag | gaps | answer delay written |\n|---|---:|---:|---:|"
        );
        for (p, l) in &cal.voice_lag_by_profile {
            let delay = cal
                .accept
                .answer_delays
                .get(p)
                .map_or("—".to_string(), |d| {
                    format!(
                        "{:.2} s{}{}",
                        d.seconds,
                        if d.own { "" } else { " (center's lag)" },
                        if d.from_misses {
                            " (by hand: its agents missed offers)"
                        } else {
                            ""
                        }
                    )
                });
            let _ = writeln!(
                t,
                "| {} | {:.2} s | {} | {delay} |",
                super::markdown::cell(p),
                l.seconds,
                l.gaps
            );
        }
    }
    let _ = writeln!(t, "\nThe accept lag is the time from an agent's free moment (the end of its after-contact work) to the dequeue of a call that was already waiting for it — or, for a transfer into the agent's own queue while the agent had nothing, from the transfer's arrival: the agent whisper plus the group's answer delay (Connect's queue time runs to the dequeue). It is read per routing profile from voice calls (callbacks aside) as the mean of the whole-second gaps within 3 s of their median (answers by hand spread over seconds; an agent away between two calls leaves a gap far beyond). The shortest lag among profiles with at least {} gaps is written as the default agent whisper, which every group's agents hear; a profile slower by {:.1} s or more answers voice calls by hand after the difference (`answer_delay`, `auto_accept_by_channel = {{ voice = false }}`); a profile with fewer gaps takes the center's lag.\n", super::answer_delay::MIN_LAG_GAPS, super::answer_delay::MIN_DELAY_S);
}

/// The chats', tasks' and emails' part of "Accept lag": each profile's lag
/// per channel, where it was read from, and the answer delay written.
fn channel_accept_lag(t: &mut String, cal: &Calibration) {
    let _ = writeln!(
        t,
        "| routing profile | channel | lag | gaps | read from | answer delay written |\n|---|---|---:|---:|---|---:|"
    );
    for (p, lags) in &cal.channel_lag_by_profile {
        for (ch, l) in lags {
            let delay = cal
                .accept
                .channel_delays
                .get(p)
                .and_then(|d| d.get(ch))
                .map_or(
                    "—".to_string(),
                    |d| match super::scenario_toml::written_spread(d) {
                        Some(sd) => format!("{:.2} s, spread {sd:.2} s", d.seconds),
                        None => format!("{:.2} s", d.seconds),
                    },
                );
            let from = if l.arrivals {
                "queued to a free agent"
            } else {
                "freed slots"
            };
            let _ = writeln!(
                t,
                "| {} | {ch} | {:.2} s | {} | {from} | {delay} |",
                super::markdown::cell(p),
                l.seconds,
                l.gaps
            );
        }
    }
    let _ = writeln!(t, "\nChats, tasks and emails hear no default whisper: their lag, read from the contacts of each channel, is an answer delay whole. Its gaps start where a slot freed (an agent holding several chats at once seldom has nothing): the agent unable to take one just before (every slot held, as many as it was ever seen holding, or another channel's contact held), one slot free after, a contact waiting then, and its dequeue the agent's next change. Where fewer than {} such gaps were seen (a quiet desk seldom has a contact waiting when a slot frees), the waits of contacts that queued while their agent could take them and nothing changed for it until their dequeue (no offer missed) are read instead, in the profile's queue with the shortest lag (one it takes after a routing delay waits that too). A profile whose own lag on a channel is {:.1} s or more (at least {} gaps) answers that channel by hand (`auto_accept_by_channel = {{ chat = false }}`, say). The group's `answer_delay` is voice's where it answers calls by hand, else that of the channel read from the most gaps; another channel answered by hand gets its own in `answer_delay_by_channel`. A contact whose offer was missed before gives no gap. Where a group's answers spread by {:.1} s or more (the standard deviation of its gaps within 20 s of their median, less the whole-second stamps' own), its answer delay is written uniform with that mean and spread.\n", super::answer_delay::MIN_LAG_GAPS, super::answer_delay::MIN_DELAY_S, super::answer_delay::MIN_LAG_GAPS, super::scenario_toml::MIN_SPREAD_S);
}

fn concurrency(t: &mut String, cal: &Calibration) {
    if cal.concurrency.is_empty() && cal.cross_channel.is_empty() {
        return;
    }
    let _ = writeln!(t, "## Concurrency (chat, task)\n\n| routing profile | channel | written | agents by the most held at once |\n|---|---|---:|---|");
    for (p, channels) in &cal.concurrency {
        for (channel, levels) in channels {
            let top = levels.keys().max().copied().unwrap_or(1);
            let spread: Vec<String> = levels.iter().map(|(l, n)| format!("{l}: {n}")).collect();
            let _ = writeln!(
                t,
                "| {} | {channel} | {} | {} |",
                super::markdown::cell(p),
                top.clamp(1, 10),
                spread.join(", ")
            );
        }
    }
    for (p, cross) in &cal.cross_channel {
        for (channel, n) in super::agent_work::CROSS_CHANNELS.iter().zip(cross) {
            if *n > 0 {
                let _ = writeln!(t, "\n{p}: {n} contacts of another channel taken while on {channel}: cross-channel `any` written for {channel}.");
            }
        }
    }
    let _ = writeln!(t, "\nEach agent's contacts of a channel, from connection to the end of after-contact work (or disconnect), are swept in time order for the most held at once; the profile gets the maximum over its agents, not a mean: concurrency is a cap that Connect enforces, so no agent can exceed it and every level observed was allowed — a mean would describe how busy agents were, not what they were permitted (agents of a quiet period rarely reach the cap, so the maximum is still a lower bound of it). Timestamps are whole seconds: contacts overlapping within one second are not seen as overlapping.\n");
}
