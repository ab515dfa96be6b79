//! The lines of the calibrated scenario that say what agents do beyond
//! answering their queues: a routing profile's concurrency and
//! cross-channel behaviour per channel and default outbound queue, an agent group's outbound calling. Each value
//! carries a comment saying what it was read from.

use std::fmt::Write as _;

use super::agent_work::CROSS_CHANNELS;
use super::model::Calibration;
use super::toml_text::FileNames;

/// Connect's largest concurrency for a channel.
const MAX_CONCURRENCY: u32 = 10;

/// Outbound queues of dialling profiles that no contact queued in, and the
/// queues of dedicated campaign teams: the scenario must declare them (a
/// profile's `outbound_queue` names one, a campaign team serves one).
pub fn extra_outbound_queues(cal: &Calibration) -> Vec<&str> {
    let mut out: Vec<&str> = cal
        .outbound
        .values()
        .filter_map(|o| o.outbound_queue.as_deref())
        .chain(cal.campaigns.iter().filter_map(|k| k.home_queue.as_deref()))
        .filter(|name| !cal.follow_ups.queues.contains_key(*name))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The queue a profile that answered no queue is written to serve: its
/// outbound queue (a profile must serve one; nothing queues there).
pub fn outbound_queue_of<'a>(cal: &'a Calibration, profile: &str) -> Option<&'a str> {
    cal.outbound
        .get(profile)
        .and_then(|o| o.outbound_queue.as_deref())
        .or_else(|| {
            // A dedicated campaign team's queue (`CampaignEstimate::home_queue`).
            cal.campaigns
                .iter()
                .filter(|k| k.profile.as_deref() == Some(profile))
                .find_map(|k| k.home_queue.as_deref())
        })
}

/// Whether the scenario can hold routing profile `profile`: its agents
/// took some queue's contacts, or dialled out of one (a scenario's profile
/// serves a queue). A profile seen only on contacts that never queued —
/// outbound tasks, say — cannot be written, and is left out.
pub fn profile_is_written(cal: &Calibration, profile: &str) -> bool {
    cal.routing.get(profile).is_some_and(|q| !q.is_empty())
        || outbound_queue_of(cal, profile).is_some()
}

/// A routing profile's `concurrency` and `outbound_queue` lines.
pub fn profile_lines(t: &mut String, cal: &Calibration, profile: &str, queues: &FileNames) {
    if let Some(levels) = cal.concurrency.get(profile) {
        let mut fields = Vec::new();
        for (channel, by_level) in levels {
            let top = by_level.keys().max().copied().unwrap_or(1);
            let spread: Vec<String> = by_level
                .iter()
                .map(|(level, agents)| format!("{agents} agents reached {level}"))
                .collect();
            let capped = if top > MAX_CONCURRENCY {
                format!("; capped at Connect's {MAX_CONCURRENCY}")
            } else {
                String::new()
            };
            let _ = writeln!(
                t,
                "# {} concurrency: the most {} contacts one agent held at once, over its agents ({}){capped}",
                channel.to_lowercase(),
                channel.to_lowercase(),
                spread.join(", ")
            );
            fields.push(format!(
                "{} = {}",
                channel.to_lowercase(),
                top.clamp(1, MAX_CONCURRENCY)
            ));
        }
        let _ = writeln!(t, "concurrency = {{ {} }}", fields.join(", "));
    }
    if let Some(cross) = cal.cross_channel.get(profile) {
        let seen: Vec<String> = CROSS_CHANNELS
            .iter()
            .zip(cross)
            .filter(|(_, n)| **n > 0)
            .map(|(c, n)| {
                format!(
                    "{n} contacts of another channel taken while on {}",
                    c.to_lowercase()
                )
            })
            .collect();
        let fields: Vec<String> = CROSS_CHANNELS
            .iter()
            .zip(cross)
            .filter(|(_, n)| **n > 0)
            .map(|(c, _)| format!("{} = \"any\"", c.to_lowercase()))
            .collect();
        let _ = writeln!(t, "# cross-channel: {}", seen.join("; "));
        let _ = writeln!(t, "cross_channel = {{ {} }}", fields.join(", "));
    }
    let dials_out = cal
        .outbound
        .get(profile)
        .is_some_and(|o| o.outbound_queue.is_some());
    if let Some(queue) = outbound_queue_of(cal, profile).filter(|_| dials_out) {
        let _ = writeln!(
            t,
            "outbound_queue = {}  # the queue most of its outbound calls went through",
            queues.q(queue)
        );
    }
}

/// An agent group's `outbound` line, when its agents dialled out.
pub fn group_lines(t: &mut String, cal: &Calibration, profile: &str) {
    let Some(o) = cal.outbound.get(profile) else {
        return;
    };
    let rate = o.calls_per_hour;
    let _ = writeln!(
        t,
        "# outbound: {} calls in {:.1} free agent-hours (of {:.1} on shift, less the time busy with any contact): {:.3} per free agent-hour (95 % CI {:.3}–{:.3}); {} answered ({:.4}, 95 % CI {:.4}–{:.4})",
        o.calls,
        o.free_agent_hours,
        o.agent_hours,
        rate.value,
        rate.ci95.0,
        rate.ci95.1,
        o.answered,
        o.answer_rate.value,
        o.answer_rate.ci95.0,
        o.answer_rate.ci95.1
    );
    let Some(ring) = &o.ring else {
        let _ = writeln!(t, "# no ring time to fit: outbound calling left out");
        return;
    };
    if rate.value < 1e-4 {
        let _ = writeln!(
            t,
            "# no free agent-time on shift: outbound calling left out"
        );
        return;
    }
    let _ = writeln!(t, "# ring: {}", ring.summary);
    if ring.mean_s > crate::scenario::limits::MAX_MEAN_RING_SECS {
        // Calls that ended unanswered after minutes were not ringing all
        // that time: their records lack the answer (ConnectedToSystemTimestamp).
        let _ = writeln!(
            t,
            "# the ring averages over Connect's {} s: the records do not say when calls were answered; outbound calling left out",
            crate::scenario::limits::MAX_MEAN_RING_SECS
        );
        return;
    }
    let talk = match &o.talk {
        Some(e) => {
            let _ = writeln!(t, "# outbound talk: {}", e.summary);
            e.toml.clone()
        }
        None => {
            let _ = writeln!(t, "# no answered outbound call to fit talk to: assumed");
            "\"3m\"".to_string()
        }
    };
    let _ = writeln!(
        t,
        "outbound = {{ calls_per_hour = {:.4}, ring = {}, answer_probability = {:.4}, talk = {} }}",
        rate.value, ring.toml, o.answer_rate.value, talk
    );
}
