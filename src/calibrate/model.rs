//! Everything a calibration estimates, in one place: the period, arrivals
//! per stream, the fitted distributions, follow-up rates, routing and
//! headcount — estimated from what [`super::accumulate`] counted. The
//! outputs (scenario file, `calibration.json`, report) only render it.

use std::collections::{BTreeMap, BTreeSet};

use crate::ingest::ObservedContact;

use super::accumulate::{Accumulator, Counted};
use super::agent_work::ConcurrencyLevels;
use super::arrivals::{self, Arrivals};
use super::email::{self, FlowEmailEstimate, ReplyEstimate};
use super::estimate::{estimate, estimate_censored, Estimated};
use super::fit::Sample;
use super::headcount::SHIFT_CHANGE_AGENTS;
use super::headcount::{self, roster_short_warning, roster_unmatched_warning};
use super::headcount::{roster_shift, roster_shift_warning, RosterEntry, RosterShort};
use super::headcount::{HeadcountSource, Headcounts};
use super::outbound::{self, AgentTime, OutboundCounts, OutboundEstimate};
use super::period::Period;
use super::profiles::Profiles;
use super::rates::{self, FollowUps};
use super::samples::Samples;
use super::streams::Entry;

/// The fitted distributions of one stream (queue × entry).
#[derive(Debug, Clone, Default)]
pub struct StreamFits {
    /// Talk.
    pub talk: Option<Estimated>,
    /// Duration of one hold.
    pub hold: Option<Estimated>,
    /// Mean holds per answered contact, and the contacts it is read from.
    pub holds_per_contact: (f64, u64),
    /// Patience (censored).
    pub patience: Option<Estimated>,
    /// Time in the inbound flow of the contacts queued here.
    pub flow: Option<Estimated>,
    /// (Tasks) how they pause, when some did.
    pub pause: Option<super::task_pause::PauseEstimate>,
}

/// Each stream's (queue × entry) fits.
fn stream_fits(samples: &Samples) -> BTreeMap<(String, Entry), StreamFits> {
    samples
        .streams
        .iter()
        .map(|(k, s)| {
            let fits = StreamFits {
                talk: estimate(&s.talk),
                hold: estimate(&s.hold),
                holds_per_contact: (
                    rates::ratio_f(s.hold_count_sum, s.hold_contacts),
                    s.hold_contacts,
                ),
                patience: estimate_censored(&s.patience),
                flow: estimate(&s.flow),
                pause: s.pauses.estimate(),
            };
            (k.clone(), fits)
        })
        .collect()
}

/// The streams whose queued contacts spent no time in their inbound flow
/// ([`Arrivals::flowless`]).
fn flowless(streams: &BTreeMap<(String, Entry), StreamFits>) -> BTreeSet<(String, Entry)> {
    streams
        .iter()
        .filter(|(_, f)| {
            f.flow
                .as_ref()
                .is_some_and(|e| e.mean_s < arrivals::MIN_FLOW_S)
        })
        .map(|(k, _)| k.clone())
        .collect()
}

/// What a calibration found.
#[derive(Debug)]
pub struct Calibration {
    /// The observed period, cut into intervals.
    pub period: Period,
    /// Service-level thresholds, seconds.
    pub thresholds_s: Vec<f64>,
    /// Email service-level thresholds of the queues that take email,
    /// seconds (none unless the caller sets them).
    pub email_thresholds_s: Vec<f64>,
    /// Arrival counts.
    pub arrivals: Arrivals,
    /// The raw samples (sizes for the report).
    pub samples: Samples,
    /// Fits per stream.
    pub streams: BTreeMap<(String, Entry), StreamFits>,
    /// Inbound-flow time per entry.
    pub ivr: BTreeMap<Entry, Estimated>,
    /// Initiation to connection per entry, where they differ: an API
    /// voice call's ring, a scheduled task's delay.
    pub start_delay: BTreeMap<Entry, Estimated>,
    /// After-contact work per routing profile.
    pub acw: BTreeMap<String, Estimated>,
    /// After-contact work per routing profile and channel, for the
    /// profiles whose agents did it on more than one channel.
    pub acw_by_channel: BTreeMap<String, BTreeMap<&'static str, Estimated>>,
    /// Transfers, queue transfers and callbacks per queue.
    pub follow_ups: FollowUps,
    /// Talk before an agent's transfer, per queue.
    pub talk_before_transfer: BTreeMap<String, Estimated>,
    /// Talk after an agent's transfer (the transfer contact's, with the
    /// destination's agent), per destination queue.
    pub talk_after_transfer: BTreeMap<String, Estimated>,
    /// Talk after an agent's transfer to its main target, per source queue
    /// (the queue's transfer rule's `talk_after`).
    pub talk_after_transfer_from: BTreeMap<String, Estimated>,
    /// Talk of the callbacks answered in each callback queue (the callback
    /// offer's `talk`).
    pub callback_talk: BTreeMap<String, Estimated>,
    /// The patience of transferred callers on hold in each destination
    /// queue (the transfer rule's `hold_patience`), from their waits there.
    pub transfer_hold_patience: BTreeMap<String, Estimated>,
    /// The queues each routing profile's agents answered.
    pub routing: BTreeMap<String, BTreeSet<String>>,
    /// Agents per interval, per routing profile.
    pub headcount: Headcounts,
    /// Where each profile's headcount came from.
    pub headcount_source: BTreeMap<String, HeadcountSource>,
    /// Per profile, the share of its headcount available, where the
    /// records show it, and whether the headcount was scaled (each
    /// interval by its own share).
    pub available: BTreeMap<String, super::availability::Scaled>,
    /// Roster groups that match no routing profile seen in the records.
    pub unmatched_roster_groups: Vec<String>,
    /// Roster groups named by a routing profile's earlier name: read as
    /// its last name, or left as they are where that is ambiguous.
    pub roster_notes: Vec<String>,
    /// Per rostered profile, the intervals the roster does not cover
    /// where agents were seen working (see [`RosterGap`]).
    pub roster_raised: BTreeMap<String, RosterGap>,
    /// Per rostered profile, the intervals after the roster stops, which
    /// carry its last row's agents (see [`RosterTail`]).
    pub roster_carried: BTreeMap<String, RosterTail>,
    /// Volume profiles of the entry contacts in local time.
    pub profiles: Profiles,
    /// Why the interval is longer than the one asked for, when it is.
    pub interval_note: Option<String>,
    /// Agent-initiated outbound calls per routing profile.
    pub outbound: BTreeMap<String, OutboundEstimate>,
    /// Outbound calls with no agent whose queue no named call went
    /// through: in no profile's estimate.
    pub outbound_unattributed: u64,
    /// Outbound campaigns.
    pub campaigns: Vec<super::campaigns::CampaignEstimate>,
    /// Per routing profile and channel (CHAT, TASK): agents by the most
    /// contacts of the channel each held at once.
    pub concurrency: BTreeMap<String, BTreeMap<&'static str, ConcurrencyLevels>>,
    /// Per routing profile and channel (voice, chat, task): contacts of
    /// another channel taken while holding one of this channel.
    pub cross_channel: BTreeMap<String, [u64; 4]>,
    /// The accept lag (agent whisper and any answer delay) split into
    /// the default agent whisper and each group's answer delay.
    pub accept: super::answer_delay::AcceptPlan,
    /// Per routing profile: the accept lag of the voice calls its agents
    /// took (the plan's source, for `calibration.json`).
    pub voice_lag_by_profile: BTreeMap<String, super::agent_work::AcceptLag>,
    /// Per routing profile and channel (CHAT, TASK, EMAIL): the accept lag
    /// of the contacts its agents took (the plan's source of their answer
    /// delays, for `calibration.json`).
    pub channel_lag_by_profile:
        BTreeMap<String, BTreeMap<&'static str, super::agent_work::AcceptLag>>,
    /// Per routing profile, its agents' voice offers and misses: the miss
    /// probability of a group written to answer calls by hand.
    pub voice_misses: BTreeMap<String, super::missed::OfferMisses>,
    /// Per routing profile and channel (CHAT, TASK, EMAIL), its agents'
    /// offers and misses: with voice's, the miss probability of a group
    /// written to answer those channels by hand.
    pub channel_misses: BTreeMap<String, BTreeMap<&'static str, super::missed::OfferMisses>>,
    /// Per queue of answered inbound emails: the agents' replies.
    pub email_replies: BTreeMap<String, ReplyEstimate>,
    /// Per entry whose inbound flow sent emails: those flow emails.
    pub flow_emails: BTreeMap<Entry, FlowEmailEstimate>,
    /// Replies and flow emails naming no contact among those read.
    pub email_unmatched: u64,
    /// Per routing profile, pickups of one queue while another held
    /// waiters (the evidence for the priorities).
    pub passed_over: super::priority::PassedOver,
    /// Per routing profile, each served queue's routing priority.
    pub queue_priority: BTreeMap<String, BTreeMap<String, u32>>,
    /// Per routing profile, the queues its agents take only after a delay.
    pub queue_delay: super::routing_delay::Delays,
    /// Per routing profile whose agents were named by agent quick
    /// connects, how they were named (a transfer rule's `agent`).
    pub agent_pick: BTreeMap<String, super::agent_pick::AgentPick>,
    /// Per queue, the external parties its agents added (its `external`).
    pub external: BTreeMap<String, super::external_estimate::ExternalEstimate>,
    /// What was found wrong with the data and worked around.
    pub warnings: Vec<super::warnings::DataWarning>,
}

/// The inputs of [`build`] beyond the contacts.
pub struct Inputs<'a> {
    /// The contacts, deduplicated.
    pub contacts: &'a [ObservedContact],
    /// Interval length, ms.
    pub interval_ms: i64,
    /// Service-level thresholds, seconds.
    pub thresholds_s: Vec<f64>,
    /// Roster rows (interval start, routing profile, agents), if given.
    pub roster: Option<Vec<RosterEntry>>,
    /// Profiles, built by the caller in the center's time zone.
    pub profiles: Profiles,
}

/// Estimates everything from `inputs`; `None` without contacts.
pub fn build(inputs: Inputs) -> Option<Calibration> {
    let span = Period::covering(inputs.contacts, inputs.interval_ms)?;
    let mut acc = Accumulator::new(span);
    for c in inputs.contacts {
        acc.add(c);
    }
    // The span covers every contact, by construction.
    let counted = acc.finish().ok()??;
    Some(estimate_all(
        counted,
        inputs.thresholds_s,
        inputs.roster.as_deref(),
        inputs.profiles,
    ))
}

/// The estimate `fit` gives of each sample it can estimate, by key.
fn fits<K: Clone + Ord>(
    samples: &BTreeMap<K, Sample>,
    fit: impl Fn(&Sample) -> Option<Estimated>,
) -> BTreeMap<K, Estimated> {
    samples
        .iter()
        .filter_map(|(k, s)| Some((k.clone(), fit(s)?)))
        .collect()
}

/// Estimates everything from what the contacts showed.
pub fn estimate_all(
    counted: Counted,
    thresholds_s: Vec<f64>,
    roster: Option<&[RosterEntry]>,
    profiles: Profiles,
) -> Calibration {
    let Counted {
        period,
        mut arrivals,
        samples,
        follow_ups,
        routing,
        activity,
        outbound,
        campaigns,
        agent_work,
        email,
        passed_over,
        delays: queue_delay,
        waiting,
        external,
        voice_misses,
        channel_misses,
        mut warnings,
    } = counted;
    let queue_priority = routing
        .iter()
        .map(|(p, queues)| {
            let levels = super::priority::priorities(queues, passed_over.get(p));
            (p.clone(), levels)
        })
        .collect();
    let (email_replies, flow_emails) = email::estimate_all(&email);
    let streams = stream_fits(&samples);
    let ivr = fits(&samples.ivr, estimate);
    arrivals.flowless = flowless(&streams);
    let start_delay = fits(&samples.start_delay, estimate);
    let acw = fits(&samples.acw, estimate);
    let acw_by_channel = samples
        .acw_by_channel
        .iter()
        .map(|(p, by)| {
            let fits: BTreeMap<&'static str, Estimated> = by
                .iter()
                .filter_map(|(ch, s)| Some((*ch, estimate(s)?)))
                .collect();
            (p.clone(), fits)
        })
        .filter(|(_, fits)| fits.len() > 1)
        .collect();
    let transfer_hold_patience = fits(&samples.transfer_patience, estimate_censored);
    let talk_after_transfer = fits(&samples.transfer_talk, estimate);
    let callback_talk = fits(&samples.callback_talk, estimate);
    let talk_before_transfer = follow_ups
        .queues
        .iter()
        .filter_map(|(q, f)| Some((q.clone(), estimate(&f.talk_before_transfer)?)))
        .collect();
    // Per source queue, the talk after its transfers to their main target.
    let talk_after_transfer_from = follow_ups
        .queues
        .iter()
        .filter_map(|(q, f)| {
            let sample = f.talk_after_transfer.get(f.main_transfer_target()?)?;
            Some((q.clone(), estimate(sample)?))
        })
        .collect();
    let HeadcountParts {
        counts: headcount,
        source: headcount_source,
        unmatched,
        raised: roster_raised,
        carried: roster_carried,
        short: roster_short,
    } = headcounts(&activity, &period, roster, &routing);
    let mut headcount = headcount;
    let available = super::availability::scale(&mut headcount, &waiting);
    let agent_pick = super::agent_pick::judge_all(
        &follow_ups.queues,
        &agent_work.agents_busy,
        &headcount,
        &period,
    );
    warnings.extend(super::availability::scaled_warning(&available));
    warnings.extend(roster_unmatched_warning(&unmatched, routing.keys()));
    warnings.extend(roster_short_warning(&roster_short));
    warnings.extend(roster_gap_warning(&roster_raised));
    let shift = roster.and_then(|rows| roster_shift(rows, &activity, &period));
    warnings.extend(shift.as_ref().map(roster_shift_warning));
    if let Some(rows) = roster {
        warnings.extend(super::roster_checks::roster_warnings(rows, &period));
    }
    let agents = |p: &str, i: usize| headcount.get(p)?.get(i).map(|&n| f64::from(n));
    let mut campaigns = super::campaigns::estimate_all(&campaigns, &period, &agents);
    // A progressive dialler holds its agent through the ringing, which no
    // record of the agent's shows: time the agent could not dial out in.
    let busy_s = with_campaign_rings(agent_work.busy_s.clone(), &campaigns, &period);
    let outbound_estimates = outbound_estimates(&outbound, &period, &headcount, &busy_s, &acw);
    give_teams_home_queues(&mut campaigns, &routing, &outbound_estimates);
    let accept = super::answer_delay::plan(&agent_work, &voice_misses);
    Calibration {
        period,
        thresholds_s,
        email_thresholds_s: Vec::new(),
        arrivals,
        samples,
        streams,
        ivr,
        start_delay,
        acw,
        acw_by_channel,
        follow_ups,
        talk_before_transfer,
        talk_after_transfer_from,
        talk_after_transfer,
        callback_talk,
        transfer_hold_patience,
        routing,
        headcount,
        headcount_source,
        available,
        unmatched_roster_groups: unmatched,
        roster_notes: Vec::new(),
        roster_raised,
        roster_carried,
        profiles,
        interval_note: None,
        outbound: outbound_estimates,
        outbound_unattributed: outbound.unattributed,
        campaigns,
        concurrency: agent_work.concurrency,
        cross_channel: agent_work.cross_channel,
        accept,
        voice_lag_by_profile: agent_work.voice_lag_by_profile,
        channel_lag_by_profile: agent_work.lag_by_profile_channel,
        voice_misses,
        channel_misses,
        email_replies,
        flow_emails,
        email_unmatched: email.unmatched,
        passed_over,
        queue_priority,
        queue_delay,
        agent_pick,
        external: super::external_estimate::estimate_all(&external),
        warnings,
    }
}

/// Adds to each profile's busy agent-seconds per interval the ringing its
/// progressive campaigns held its agents through.
fn with_campaign_rings(
    mut busy_s: BTreeMap<String, Vec<f64>>,
    campaigns: &[super::campaigns::CampaignEstimate],
    period: &Period,
) -> BTreeMap<String, Vec<f64>> {
    for (profile, rings) in campaigns.iter().filter_map(|k| k.held_while_ringing()) {
        let busy = busy_s
            .entry(profile.to_string())
            .or_insert_with(|| vec![0.0; period.intervals]);
        let secs = |ms: i64| (ms - period.start_ms) as f64 / 1000.0;
        for &(a, b) in rings {
            super::agent_work::spread((secs(a), secs(b)), period.start_ms, period, busy);
        }
    }
    busy_s
}

/// Each dialling profile's outbound behaviour, its calls placed in the
/// agent-time its headcount leaves free.
fn outbound_estimates(
    counts: &OutboundCounts,
    period: &Period,
    headcount: &Headcounts,
    busy_s: &BTreeMap<String, Vec<f64>>,
    acw: &BTreeMap<String, Estimated>,
) -> BTreeMap<String, OutboundEstimate> {
    let none = vec![0; period.intervals];
    counts
        .profiles
        .iter()
        .map(|(p, c)| {
            let time = AgentTime {
                headcount: headcount.get(p).unwrap_or(&none),
                busy_s: busy_s.get(p).map_or(&[], Vec::as_slice),
                acw_mean_s: acw.get(p).map_or(0.0, |e| e.mean_s),
                interval_s: period.interval_ms as f64 / 1000.0,
            };
            let unnamed = counts.unnamed_per_interval.get(p).map(Vec::as_slice);
            let queue = counts.outbound_queue.get(p).cloned();
            (
                p.clone(),
                outbound::estimate_profile(c, unnamed, &time, queue),
            )
        })
        .collect()
}

/// Intervals no roster row of a profile covers (before its first row, or
/// after rows that say they end) where the records show its agents
/// working: they take the activity lower bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RosterGap {
    /// How many intervals.
    pub intervals: usize,
    /// The first one's start, Unix ms.
    pub first_start_ms: i64,
    /// Agents seen working in the first one.
    pub first_working: u32,
    /// Of them, the intervals with more agents working than a shift
    /// change explains ([`SHIFT_CHANGE_AGENTS`]): a call running past the
    /// roster's end leaves one.
    pub crowded: usize,
}

/// The warning for rostered profiles whose roster leaves out intervals
/// where more agents were seen working than a shift change explains, if
/// any: those take the agents seen (a lower bound), so the scenario is
/// not the roster the planner gave. (One agent finishing a call past the
/// roster's end is only noted in `calibration.md`.) A fuzz campaign's
/// find: a roster with its year mistyped covered none of the period, and
/// only `calibration.md` said so.
fn roster_gap_warning(
    raised: &BTreeMap<String, RosterGap>,
) -> Option<super::warnings::DataWarning> {
    let raised: BTreeMap<&String, &RosterGap> =
        raised.iter().filter(|(_, g)| g.crowded > 0).collect();
    if raised.is_empty() {
        return None;
    }
    let per_profile: Vec<String> = raised
        .iter()
        .map(|(p, g)| {
            format!(
                "{p}: {} interval(s), the first at {} with {} working",
                g.intervals,
                crate::timefmt::format_iso8601_utc_seconds(g.first_start_ms),
                g.first_working
            )
        })
        .collect();
    let text = format!(
        "the roster does not cover intervals where the records show agents working ({}): those intervals take the agents seen working, a lower bound, not the roster — fix: check that the roster's dates cover the records' period (a mistyped year or month covers none of it), or add the missing rows",
        per_profile.join("; ")
    );
    let detail = serde_json::json!(raised
        .iter()
        .map(|(p, g)| serde_json::json!({"routing_profile": p, "intervals": g.intervals,
            "first": {"interval_start": crate::timefmt::format_iso8601_utc_seconds(g.first_start_ms), "working": g.first_working}}))
        .collect::<Vec<_>>());
    Some(super::warnings::DataWarning {
        kind: "roster_not_covering",
        text,
        detail,
    })
}

/// Intervals after a profile's roster stops — past its last row by more
/// than the step its rows keep (the commonest gap between them) — with
/// agents still on: a row holds until the next, so the last one's agents
/// carry on to the end of the period. That is right for a roster written
/// as changes only, and wrong for one that covers fewer days than the
/// records; the report asks which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RosterTail {
    /// How many intervals.
    pub intervals: usize,
    /// The first one's start, Unix ms.
    pub first_start_ms: i64,
    /// The last row's start, Unix ms.
    pub last_row_ms: i64,
    /// The step between the roster's rows, ms.
    pub step_ms: i64,
    /// The agents carried on.
    pub carried: u32,
}

/// A dedicated outbound team serves no queue (none answered, no outbound
/// queue of its own): each campaign of one gets a queue for it, so that
/// its group, and the agent time its calls take, are written.
fn give_teams_home_queues(
    campaigns: &mut [super::campaigns::CampaignEstimate],
    routing: &BTreeMap<String, BTreeSet<String>>,
    outbound: &BTreeMap<String, super::outbound::OutboundEstimate>,
) {
    for k in campaigns {
        let team = k.profile.as_deref().filter(|p| {
            routing.get(*p).is_none_or(|q| q.is_empty())
                && outbound.get(*p).is_none_or(|o| o.outbound_queue.is_none())
        });
        k.home_queue = team.map(campaign_queue_name);
    }
}

/// The queue written for a dedicated campaign team `profile` to serve:
/// within a scenario name's limit however long the profile's name, with
/// room left for a ` (2)` should it collide with another.
fn campaign_queue_name(profile: &str) -> String {
    let room = crate::scenario::limits::MAX_NAME_CHARS - " campaign".len() - " (2)".len();
    let p: String = profile.chars().take(room).collect();
    format!("{} campaign", p.trim_end())
}

/// What [`headcounts`] decides.
struct HeadcountParts {
    counts: Headcounts,
    source: BTreeMap<String, HeadcountSource>,
    unmatched: Vec<String>,
    raised: BTreeMap<String, RosterGap>,
    carried: BTreeMap<String, RosterTail>,
    /// Per rostered profile, the intervals where the roster has fewer
    /// agents than the records show working.
    short: BTreeMap<String, RosterShort>,
}

/// The intervals of `counts` (a profile's rostered headcount) after the
/// roster's rows `starts` stop, when agents are carried on there; `None`
/// for a roster of one row (a constant headcount) or one that ends at
/// zero agents.
fn roster_tail(starts: &BTreeSet<i64>, counts: &[u32], period: &Period) -> Option<RosterTail> {
    let starts: Vec<i64> = starts.iter().copied().collect();
    let mut gaps: BTreeMap<i64, usize> = BTreeMap::new();
    for w in starts.windows(2) {
        *gaps.entry(w[1] - w[0]).or_default() += 1;
    }
    // The commonest gap; of equally common ones, the shortest.
    let step_ms = gaps
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?
        .0;
    let last_row_ms = *starts.last()?;
    let past = (0..period.intervals).filter(|&i| period.interval_start(i) >= last_row_ms + step_ms);
    let first = past.clone().next()?;
    let carried = counts.get(first).copied().unwrap_or(0);
    (carried > 0).then(|| RosterTail {
        intervals: past.count(),
        first_start_ms: period.interval_start(first),
        last_row_ms,
        step_ms: *step_ms,
        carried,
    })
}

/// The roster's headcount where it names a routing profile, the activity
/// lower bound for the others. An interval no roster row of a profile
/// covers (before its first row, or after rows that end) is one the roster
/// does not cover: where the records show
/// agents working there, it takes the activity lower bound (a simulation
/// with no agent would turn every contact away), and is reported. Where
/// the roster has a row, it is kept, even below the agents seen working:
/// agents finish their contacts after their shift, and at a shift change
/// more distinct agents work in an interval than are ever on at once.
fn headcounts(
    activity: &Headcounts,
    period: &Period,
    roster: Option<&[RosterEntry]>,
    routing: &BTreeMap<String, BTreeSet<String>>,
) -> HeadcountParts {
    let headcount::Rostered {
        counts: rostered,
        covered,
        peak,
    } = roster
        .map(|r| headcount::from_roster(r, period))
        .unwrap_or_default();
    let mut counts = Headcounts::new();
    let mut source = BTreeMap::new();
    let mut raised = BTreeMap::new();
    let mut carried = BTreeMap::new();
    let mut short = BTreeMap::new();
    let rows = |profile: &str| -> BTreeSet<i64> {
        roster
            .unwrap_or_default()
            .iter()
            .filter(|r| r.profile == profile)
            .map(|r| r.start_ms)
            .collect()
    };
    for profile in routing.keys() {
        let (c, s) = match rostered.get(profile) {
            Some(c) => {
                let seen = activity.get(profile);
                let starts = rows(profile);
                if let Some(tail) = roster_tail(&starts, c, period) {
                    carried.insert(profile.clone(), tail);
                }
                let covered = covered.get(profile);
                let mut c = c.clone();
                let mut gap: Option<RosterGap> = None;
                for (i, slot) in c.iter_mut().enumerate() {
                    let working = seen.and_then(|s| s.get(i)).copied().unwrap_or(0);
                    let uncovered = !covered.and_then(|c| c.get(i)).copied().unwrap_or(false);
                    if uncovered && working > 0 {
                        let g = gap.get_or_insert(RosterGap {
                            intervals: 0,
                            first_start_ms: period.interval_start(i),
                            first_working: working,
                            crowded: 0,
                        });
                        g.intervals += 1;
                        g.crowded += usize::from(working > SHIFT_CHANGE_AGENTS);
                        *slot = working;
                    }
                    // Judged against the most the roster has on at once
                    // in the interval, not its mean (a center opening at
                    // 09:30 has all its agents working in half of 09:00–
                    // 10:00); one more than that is a shift change inside
                    // the interval (both agents seen).
                    let most = peak
                        .get(profile)
                        .and_then(|p| p.get(i))
                        .copied()
                        .unwrap_or(*slot);
                    if !uncovered && working > most + SHIFT_CHANGE_AGENTS {
                        short
                            .entry(profile.clone())
                            .or_insert(RosterShort {
                                intervals: 0,
                                first_start_ms: period.interval_start(i),
                                first_rostered: most,
                                first_working: working,
                            })
                            .intervals += 1;
                    }
                }
                if let Some(gap) = gap {
                    raised.insert(profile.clone(), gap);
                }
                (c, HeadcountSource::Roster)
            }
            None => (
                activity
                    .get(profile)
                    .cloned()
                    .unwrap_or_else(|| vec![0; period.intervals]),
                HeadcountSource::ActivityLowerBound,
            ),
        };
        counts.insert(profile.clone(), c);
        source.insert(profile.clone(), s);
    }
    let unmatched = rostered
        .keys()
        .filter(|g| !routing.contains_key(*g))
        .cloned()
        .collect();
    HeadcountParts {
        counts,
        source,
        unmatched,
        raised,
        carried,
        short,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_campaign_team_s_queue_name_stays_within_the_limit() {
        assert_eq!(campaign_queue_name("Dialers"), "Dialers campaign");
        let long = "é".repeat(200);
        let name = campaign_queue_name(&long);
        assert!(name.chars().count() + 4 <= crate::scenario::limits::MAX_NAME_CHARS);
        assert!(name.ends_with(" campaign"));
    }
}
