//! Staffing by Erlang C and Erlang A: each targeted queue's load, from
//! the scenario's means, sized by the formulas, its agents given to the
//! group that mainly serves it. The search starts from these answers and
//! reports them beside its own.

use crate::center::criteria::CriteriaId;
use crate::center::ids::QueueId;
use crate::center::spec::{
    CenterSpec, Channel, ProfileQueue, QueueTargets, RoutingProfileSpec, ServiceLevelDefinition,
};
use crate::stats::load::{campaign_loads, queue_loads, source_branches, CampaignLoad, QueueLoad};

use super::erlang::{erlang_a, erlang_c};

/// The group that mainly serves queue `q`: of the groups whose profile
/// lists it, those that can take the largest share of the contacts the
/// sources send it ([`share_taken`]), and of those the first at the best
/// (priority, delay). A group listing the queue for chat only, or lacking
/// the skills its contacts' routing criteria ask for, is not the one to
/// staff for its voice callers. `None` when no group can take any of its
/// contacts (a queue only transfers reach counts every listing group).
pub fn primary_group(spec: &CenterSpec, q: QueueId) -> Option<usize> {
    let streams = streams_to(spec, q);
    spec.groups
        .iter()
        .enumerate()
        .filter_map(|(g, grp)| {
            let entry = spec.profiles[grp.profile.index()]
                .queues
                .iter()
                .find(|x| x.queue == q)?;
            let share = if streams.is_empty() {
                1.0
            } else {
                share_taken(spec, g, entry, &streams)
            };
            (share > 0.0).then_some((share, (entry.priority, entry.delay), g))
        })
        // The largest share; then the best (priority, delay); then the first.
        .min_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)))
        .map(|(_, _, g)| g)
}

/// The first queue with targets that no agent group can take contacts
/// of: adding agents cannot help it.
pub fn unserved_targeted_queue(spec: &CenterSpec) -> Option<usize> {
    (0..spec.queues.len()).find(|&q| {
        spec.queues[q].targets.is_some() && primary_group(spec, QueueId(q as u16)).is_none()
    })
}

/// One kind of contact the sources send a queue: its channel, the routing
/// criteria it carries, and its share of the queue's arrivals.
struct Stream {
    channel: Channel,
    criteria: Option<CriteriaId>,
    weight: f64,
    /// Its erlangs of conversation (arrivals × mean talk and holds): what
    /// weighs a channel's concurrency.
    erlangs: f64,
}

/// The kinds of contact the sources send queue `q` (directly or through
/// their inbound flow's branches), weighted by their mean arrivals.
fn streams_to(spec: &CenterSpec, q: QueueId) -> Vec<Stream> {
    let horizon = spec.horizon.as_millis();
    let mut out = Vec::new();
    for s in &spec.sources {
        let rate = s
            .arrivals
            .expected_between(0, horizon, spec.interval.as_millis());
        for b in source_branches(spec, s) {
            if b.queue == q && rate * b.probability > 0.0 {
                out.push(Stream {
                    channel: s.kind.channel(),
                    criteria: b.criteria,
                    weight: rate * b.probability,
                    erlangs: rate * b.probability * s.customer.mean_conversation(),
                });
            }
        }
    }
    out
}

/// The share of `streams` group `g` can take through its profile's `entry`
/// for the queue: the contacts of a channel the entry takes, whose routing
/// criteria admit the group in some step (or expire in every step, after
/// which anyone may take them).
fn share_taken(spec: &CenterSpec, g: usize, entry: &ProfileQueue, streams: &[Stream]) -> f64 {
    let admits = |c: Option<CriteriaId>| {
        c.and_then(|c| spec.routing_criteria.get(c.index()))
            .is_none_or(|rc| {
                rc.steps.iter().all(|st| st.expiry.is_some())
                    || rc
                        .steps
                        .iter()
                        .any(|st| st.groups.get(g).copied().unwrap_or(false))
            })
    };
    let all: f64 = streams.iter().map(|s| s.weight).sum();
    let taken: f64 = streams
        .iter()
        .filter(|s| entry.channels[s.channel.index()] && admits(s.criteria))
        .map(|s| s.weight)
        .sum();
    if all > 0.0 {
        taken / all
    } else {
        0.0
    }
}

/// How many of queue `q`'s contacts an agent of group `g` holds at once
/// when busy on them, from its profile's concurrency on their channels,
/// each channel weighted by its erlangs: a chat-3 agent spends a third of
/// itself on each chat. 1 for voice (and for a queue only transfers reach).
///
/// Erlang's servers are contacts in service: the agents are the servers
/// divided by this ([`agents_for_servers`]). A queue's chats fill any free
/// slot of any agent, so a group of `n` chat-`k` agents is `n·k` servers.
/// Where the channels exclude each other, an agent's time is shared: the
/// erlangs over Σ erlangs_c ÷ k_c. Where the profile lets an agent on one
/// channel take another (cross-channel), the channels are worked side by
/// side and the busiest one sets the agents: the erlangs over
/// max erlangs_c ÷ k_c.
pub fn contacts_per_agent(spec: &CenterSpec, q: QueueId, g: usize) -> f64 {
    queue_share(spec, q, g).per_agent
}

/// How queue `q`'s servers (contacts in service, as Erlang counts them)
/// become agents of group `g`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueueShare {
    /// Contacts an agent holds at once on the queue
    /// ([`contacts_per_agent`]).
    pub per_agent: f64,
    /// Per channel, by [`Channel::index`]: the agents one server takes
    /// there — the channel's share of the queue's erlangs over the
    /// profile's concurrency on it. All 0 for a queue no source sends
    /// contacts to (its channels are not known).
    pub per_server: [f64; Channel::COUNT],
}

/// The servers Erlang gives each queue a group is staffed for, with the
/// queue's [`QueueShare`]: what [`group_agents`] turns into agents.
pub type QueueNeeds = Vec<(u32, QueueShare)>;

/// The [`QueueShare`] of queue `q` on group `g`'s profile.
pub fn queue_share(spec: &CenterSpec, q: QueueId, g: usize) -> QueueShare {
    let unknown = QueueShare {
        per_agent: 1.0,
        per_server: [0.0; Channel::COUNT],
    };
    let Some(grp) = spec.groups.get(g) else {
        return unknown;
    };
    let profile = &spec.profiles[grp.profile.index()];
    let Some(entry) = profile.queues.iter().find(|x| x.queue == q) else {
        return unknown;
    };
    let mut by_channel = [0.0f64; Channel::COUNT];
    for s in streams_to(spec, q) {
        if entry.channels[s.channel.index()] {
            by_channel[s.channel.index()] += s.erlangs;
        }
    }
    let taken: Vec<usize> = (0..Channel::COUNT)
        .filter(|&c| by_channel[c] > 0.0)
        .collect();
    let agents_of = |c: usize| by_channel[c] / f64::from(profile.concurrency[c].max(1));
    let agents = if side_by_side(profile, &taken) {
        taken.iter().map(|&c| agents_of(c)).fold(0.0, f64::max)
    } else {
        taken.iter().map(|&c| agents_of(c)).sum()
    };
    let contacts: f64 = taken.iter().map(|&c| by_channel[c]).sum();
    if agents <= 0.0 {
        return unknown;
    }
    let mut per_server = [0.0; Channel::COUNT];
    for &c in &taken {
        per_server[c] = agents_of(c) / contacts;
    }
    QueueShare {
        per_agent: contacts / agents,
        per_server,
    }
}

/// Whether an agent on `profile` works the channels `taken` side by side:
/// more than one, and one of them lets its agent take other channels.
fn side_by_side(profile: &RoutingProfileSpec, taken: &[usize]) -> bool {
    taken.len() > 1 && taken.iter().any(|&c| profile.cross_channel[c])
}

/// Whether an agent on `profile` works the channels `taken` of several
/// queues side by side: more than one, and each lets its agent take the
/// others. Where one does not (voice "any", chat "none"), an agent holding
/// a chat is shut out of calls, and pooled as side by side a voice and a
/// chat queue at 300 an hour each got 36 agents from Erlang C where the
/// simulation needs 49: the queues' agents are added up instead.
fn pooled(profile: &RoutingProfileSpec, taken: &[usize]) -> bool {
    taken.len() > 1 && taken.iter().all(|&c| profile.cross_channel[c])
}

/// The agents a group on `profile` needs for the servers Erlang gives each
/// of its queues (`needs`: servers with the queue's [`QueueShare`]). Each
/// queue's agents add up, unless the profile lets an agent on each of
/// their channels take the others (cross-channel "any" on every one):
/// then the busiest channel, summed over the queues, sets the agents — a
/// voice queue and a chat queue, chat-3 with cross-channel work, need the
/// voice queue's agents and the chats' slots, not both added. Queues whose
/// channels are not known add their servers as agents.
pub fn group_agents(profile: &RoutingProfileSpec, needs: &[(u32, QueueShare)]) -> u32 {
    let taken: Vec<usize> = (0..Channel::COUNT)
        .filter(|&c| needs.iter().any(|(_, s)| s.per_server[c] > 0.0))
        .collect();
    if !pooled(profile, &taken) {
        return needs
            .iter()
            .map(|&(servers, s)| agents_for_servers(servers, s.per_agent))
            .fold(0u32, u32::saturating_add);
    }
    let mut by_channel = [0.0f64; Channel::COUNT];
    let mut unknown = 0u32;
    for &(servers, s) in needs {
        if s.per_server.iter().all(|&x| x <= 0.0) {
            unknown = unknown.saturating_add(servers);
        }
        for (sum, x) in by_channel.iter_mut().zip(s.per_server) {
            *sum += f64::from(servers) * x;
        }
    }
    // As in [`agents_for_servers`]: a sum of shares can be off in the last bit.
    let busiest = by_channel
        .iter()
        .map(|&a| (a - 1e-9).ceil().clamp(0.0, f64::from(u32::MAX)) as u32)
        .max()
        .unwrap_or(0);
    busiest.saturating_add(unknown)
}

/// The agents that hold `servers` contacts at `per_agent` contacts each
/// ([`contacts_per_agent`]), rounded up.
pub fn agents_for_servers(servers: u32, per_agent: f64) -> u32 {
    if per_agent <= 1.0 {
        return servers;
    }
    // The weighted mean of equal concurrencies can be off in the last bit:
    // 6 chats at 3 a head are 2 agents, not 3.
    (f64::from(servers) / per_agent - 1e-9).ceil().max(0.0) as u32
}

/// The most servers (contacts in service) `max` agents at `per_agent`
/// contacts each hold: the search's limit in Erlang's terms.
pub fn servers_for_agents(max: u32, per_agent: f64) -> u32 {
    (f64::from(max) * per_agent.max(1.0))
        .floor()
        .min(f64::from(u32::MAX)) as u32
}

/// Agents Erlang C (`abandonment = false`) or Erlang A would give one queue
/// for its targets, and for its serving group's occupancy cap
/// (`max_occupancy`: the formula's occupancy, carried load ÷ agents, at
/// most that); `None` when the formula has no answer.
///
/// Redials ([`QueueLoad::redial`]) count under Erlang A only (Erlang C
/// has nobody give up, so nobody calls again): at each headcount, the
/// redials that Erlang A's abandonment of the first calls implies are
/// added to the arrivals and the targets judged at that load — one step,
/// not the fixed point, so a lower bound of the redials (see
/// [`QueueLoad::with_redials`]).
pub fn erlang_agents(
    load: QueueLoad,
    targets: QueueTargets,
    abandonment: bool,
    max: u32,
    max_occupancy: Option<f64>,
) -> Option<u32> {
    if load.lambda <= 0.0 {
        return Some(0);
    }
    if load.handle <= 0.0 {
        // Contacts that take no time still need someone to take them: one
        // agent takes each the instant it comes.
        return Some(max.min(1));
    }
    let erlang_a_applies = abandonment && load.patience.is_finite();
    // A cap met exactly (17 erlangs on 20 agents under 85 %) is met.
    let occupancy_ok = |o: f64| max_occupancy.is_none_or(|m| o <= m + 1e-12);
    let meets = |c: u32| {
        if !erlang_a_applies {
            let Ok(r) = erlang_c(load.lambda, load.handle, c) else {
                return false;
            };
            let sl_ok = targets
                .service_level
                .is_none_or(|(t, target, _)| r.service_level(t.as_secs_f64()) >= target);
            let asa_ok = targets.max_asa.is_none_or(|m| r.asa <= m.as_secs_f64());
            // Erlang C knows no abandonment: the target is ignored there.
            sl_ok && asa_ok && occupancy_ok(r.occupancy)
        } else {
            let Ok(first) = erlang_a(load.lambda, load.handle, load.patience, c) else {
                return false;
            };
            let r = match load.redial {
                None => first,
                Some(_) => {
                    let more = load.with_redials(first.p_abandon);
                    let Ok(r) = erlang_a(more.lambda, more.handle, more.patience, c) else {
                        return false;
                    };
                    r
                }
            };
            let sl_ok = targets.service_level.is_none_or(|(t, target, def)| {
                let v = match def {
                    ServiceLevelDefinition::AnsweredWithin => r.answered_within(t.as_secs_f64()),
                    ServiceLevelDefinition::Connect => r.removed_within(t.as_secs_f64()),
                };
                v >= target
            });
            let ab_ok = targets
                .max_abandonment_rate
                .is_none_or(|m| r.p_abandon <= m);
            let asa_ok = targets.max_asa.is_none_or(|m| r.asa <= m.as_secs_f64());
            sl_ok && ab_ok && asa_ok && occupancy_ok(r.occupancy)
        }
    };
    // Erlang C is unstable below the offered load, so its answer is at
    // least that. Erlang A is stable at any headcount — callers who give
    // up lighten the load — so where the offered load already meets the
    // targets, fewer agents may too: every target only gets easier with
    // more agents, so the smallest is bisected below it.
    let start = ((load.lambda * load.handle).floor().max(0.0) as u32).clamp(1, max.max(1));
    if erlang_a_applies && meets(start) {
        // `hi` meets the targets; `lo` is 0 agents or one that does not.
        let (mut lo, mut hi) = (0, start);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if meets(mid) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return Some(hi);
    }
    (start..=max).find(|&c| meets(c))
}

/// Agents a group needs for `inbound` agents' worth of queue work plus a
/// campaign with a finite contact list: the list's erlangs on top, rounded
/// up, and at least enough agents on shift for the list to fit in the
/// campaign's bandwidth share. A list that never runs out needs no agents
/// of its own (it takes whatever inbound work leaves, and has no target):
/// `inbound` unchanged.
pub fn with_campaign(inbound: u32, campaign: &CampaignLoad) -> u32 {
    let Some(list) = campaign.list_erlangs.filter(|e| *e > 0.0) else {
        return inbound;
    };
    let on_top = inbound.saturating_add(list.ceil() as u32);
    let share = if campaign.bandwidth > 0.0 {
        (list / campaign.bandwidth).ceil() as u32
    } else {
        0
    };
    on_top.max(share)
}

/// Erlang C's and Erlang A's staffing per group: each targeted queue's
/// agents go to its primary group, plus, for a group that also has one,
/// what its campaigns' contact lists need ([`with_campaign`]); groups with
/// no targeted queue keep the scenario's headcount (`None`).
pub fn erlang_staffing(spec: &CenterSpec, max: u32) -> (Vec<Option<u32>>, Vec<Option<u32>>) {
    let (mut c, mut a) = queue_staffing(spec, max);
    for campaign in campaign_loads(spec) {
        let Some(g) = campaign.group else { continue };
        for staffing in [&mut c, &mut a] {
            if let Some(n) = staffing[g] {
                staffing[g] = Some(with_campaign(n, &campaign).min(max));
            }
        }
    }
    (c, a)
}

/// Erlang C's and Erlang A's staffing per group for the targeted queues
/// and the groups' occupancy caps. Each targeted queue is sized for its
/// targets and its group's cap (in Erlang's servers: for chats, the slots'
/// occupancy, which an agent's never falls below). A capped group then
/// has at least the agents its whole load needs under the cap — the
/// targeted queues' carried erlangs at their sizes, and the offered
/// erlangs of the queues it mainly serves without targets — which sizes
/// a group whose only target is its cap.
fn queue_staffing(spec: &CenterSpec, max: u32) -> (Vec<Option<u32>>, Vec<Option<u32>>) {
    let loads = queue_loads(spec);
    // Per group: each targeted queue's servers by Erlang C and by Erlang A.
    let mut needs: Vec<Option<[QueueNeeds; 2]>> = vec![None; spec.groups.len()];
    // Per group: the agent-erlangs it carries, by Erlang C and by Erlang A.
    let mut busy = vec![[0.0f64; 2]; spec.groups.len()];
    for (q, qs) in spec.queues.iter().enumerate() {
        let Some(g) = primary_group(spec, QueueId(q as u16)) else {
            continue;
        };
        let share = queue_share(spec, QueueId(q as u16), g);
        let per_agent = share.per_agent.max(1.0);
        let Some(t) = qs.targets else {
            let offered = loads[q].lambda * loads[q].handle / per_agent;
            busy[g][0] += offered;
            busy[g][1] += offered;
            continue;
        };
        let most = servers_for_agents(max, share.per_agent);
        let cap = spec.groups[g].max_occupancy;
        let size = |abandonment| erlang_agents(loads[q], t, abandonment, most, cap).unwrap_or(most);
        let (c, a) = (size(false), size(true));
        busy[g][0] += carried(loads[q], c, false) / per_agent;
        busy[g][1] += carried(loads[q], a, true) / per_agent;
        let [cs, as_] = needs[g].get_or_insert_with(Default::default);
        cs.push((c, share));
        as_.push((a, share));
    }
    let agents = |pick: usize| -> Vec<Option<u32>> {
        needs
            .iter()
            .enumerate()
            .map(|(g, n)| {
                let profile = &spec.profiles[spec.groups[g].profile.index()];
                let for_targets = n.as_ref().map(|n| group_agents(profile, &n[pick]));
                // (A group with a cap but no load of its own to size for
                // keeps the scenario's headcount, as before.)
                let for_cap = spec.groups[g]
                    .max_occupancy
                    .filter(|m| *m > 0.0 && busy[g][pick] > 0.0)
                    .map(|m| (busy[g][pick] / m - 1e-9).ceil().clamp(0.0, f64::from(max)) as u32);
                match (for_targets, for_cap) {
                    (Some(t), Some(c)) => Some(t.max(c)),
                    (t, c) => t.or(c),
                }
                .map(|n| n.min(max))
            })
            .collect()
    };
    (agents(0), agents(1))
}

/// The erlangs queue `load` keeps `servers` busy: all its load under
/// Erlang C, that of the callers who do not give up under Erlang A (its
/// first calls: redials would add a little).
fn carried(load: QueueLoad, servers: u32, abandonment: bool) -> f64 {
    let offered = load.lambda * load.handle;
    if !abandonment || !load.patience.is_finite() || servers == 0 {
        return offered;
    }
    erlang_a(load.lambda, load.handle, load.patience, servers)
        .map_or(offered, |r| r.occupancy * f64::from(servers))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::SimDuration;

    /// 100 contacts per half hour, 3 minutes each: 10 erlangs.
    const LAMBDA: f64 = 100.0 / 1800.0;
    const HANDLE: f64 = 180.0;

    fn load(lambda: f64, handle: f64, patience: f64) -> QueueLoad {
        QueueLoad {
            lambda,
            handle,
            patience,
            conversation: handle,
            reply_writing: 0.0,
            redial: None,
        }
    }

    fn service_level(t: u64, target: f64, max_abandon: Option<f64>) -> QueueTargets {
        QueueTargets {
            service_level: Some((
                SimDuration::from_secs(t),
                target,
                ServiceLevelDefinition::AnsweredWithin,
            )),
            max_abandonment_rate: max_abandon,
            max_asa: None,
        }
    }

    #[test]
    fn erlang_c_sizing_is_minimal() {
        for &(lambda, handle, t, target) in &[
            (LAMBDA, HANDLE, 20, 0.8),
            (LAMBDA, HANDLE, 20, 0.0),
            (LAMBDA, HANDLE, 0, 0.9),
            (2.0, 240.0, 30, 0.9),
            (0.001, 60.0, 10, 0.95),
        ] {
            let l = load(lambda, handle, f64::INFINITY);
            let goal = service_level(t, target, None);
            let c = erlang_agents(l, goal, false, 10_000, None).unwrap_or(0);
            let t = t as f64;
            assert!(erlang_c(lambda, handle, c).is_ok_and(|r| r.service_level(t) >= target));
            // One agent fewer is unstable or misses the target.
            assert!(!erlang_c(lambda, handle, c - 1).is_ok_and(|r| r.service_level(t) >= target));
        }
        let c = |target| {
            erlang_agents(
                load(LAMBDA, HANDLE, f64::INFINITY),
                service_level(20, target, None),
                false,
                100,
                None,
            )
        };
        assert_eq!(c(0.8), Some(14));
        // The first stable staffing, whatever the target.
        assert_eq!(c(0.0), Some(11));
    }

    #[test]
    fn erlang_a_sizing_is_minimal() {
        for &(lambda, handle, patience, t, sl, ab) in &[
            (LAMBDA, HANDLE, 300.0, 20, 0.8, 1.0),
            (LAMBDA, HANDLE, 300.0, 20, 0.5, 0.01),
            (LAMBDA, HANDLE, 60.0, 30, 0.0, 0.05),
            (1.0, 200.0, 90.0, 20, 0.8, 0.03),
        ] {
            let l = load(lambda, handle, patience);
            let c =
                erlang_agents(l, service_level(t, sl, Some(ab)), true, 10_000, None).unwrap_or(0);
            let meets = |k: u32| {
                erlang_a(lambda, handle, patience, k)
                    .is_ok_and(|r| r.p_abandon <= ab && r.answered_within(t as f64) >= sl)
            };
            assert!(meets(c), "lambda={lambda} sl={sl} ab={ab}");
            // Nothing smaller meets the targets, below the offered load
            // too (Erlang A is stable there).
            assert!((1..c).all(|k| !meets(k)), "lambda={lambda} sl={sl} ab={ab}");
        }
    }

    /// A probe's find: Erlang A's column never went below the offered
    /// load, though callers who give up lighten it. At 20.5 erlangs with
    /// one-minute patience, at most 20 % abandoning needs fewer than 20
    /// agents: the smallest that meets it, however many below the load.
    #[test]
    fn erlang_a_sizing_goes_below_the_offered_load_where_abandonment_allows() {
        let (lambda, handle, patience, most) = (20.5 / 180.0, 180.0, 60.0, 0.2);
        let goal = QueueTargets {
            service_level: None,
            max_abandonment_rate: Some(most),
            max_asa: None,
        };
        let c = erlang_agents(load(lambda, handle, patience), goal, true, 1_000, None).unwrap_or(0);
        let meets =
            |k: u32| erlang_a(lambda, handle, patience, k).is_ok_and(|r| r.p_abandon <= most);
        assert!(c < 20, "{c}");
        assert!(meets(c) && (1..c).all(|k| !meets(k)), "{c}");
    }

    #[test]
    fn erlang_a_sizing_with_endless_patience_matches_erlang_c() {
        for target in [0.5, 0.8, 0.95] {
            let goal = service_level(20, target, Some(1.0));
            assert_eq!(
                erlang_agents(load(LAMBDA, HANDLE, 1e9), goal, true, 10_000, None),
                erlang_agents(
                    load(LAMBDA, HANDLE, f64::INFINITY),
                    goal,
                    false,
                    10_000,
                    None
                )
            );
        }
    }

    #[test]
    fn a_finite_campaign_list_adds_its_erlangs_and_fits_its_share() {
        let campaign = |list: Option<f64>, bandwidth: f64| CampaignLoad {
            group: Some(0),
            agent_seconds_per_dial: 100.0,
            bandwidth,
            max_agents: 0.0,
            list_erlangs: list,
            window: 3600.0,
        };
        // 2.5 erlangs of list on top of 10 inbound agents: 3 more; half
        // the group may dial, and 13 ≥ 2.5 / 0.5.
        assert_eq!(with_campaign(10, &campaign(Some(2.5), 0.5)), 13);
        // A 20 % share: 2.5 erlangs need 13 agents on shift even with 4
        // inbound agents.
        assert_eq!(with_campaign(4, &campaign(Some(2.5), 0.2)), 13);
        // An endless list takes what is left: no agents of its own.
        assert_eq!(with_campaign(10, &campaign(None, 0.5)), 10);
    }

    #[test]
    fn erlang_a_counts_the_redials_its_abandonment_implies() {
        let first = load(LAMBDA, HANDLE, 120.0);
        let redialling = QueueLoad {
            redial: Some(crate::stats::load::RedialLoad {
                lambda: LAMBDA,
                probability: 0.8,
                max_tries: 5,
            }),
            ..first
        };
        let goal = service_level(20, 0.8, Some(0.03));
        let without = erlang_agents(first, goal, true, 1000, None).unwrap_or(0);
        let with = erlang_agents(redialling, goal, true, 1000, None).unwrap_or(0);
        // By hand: at the answer, the first calls' abandonment a gives
        // λ(1 + Σ (0.8 a)^k) arrivals, and the targets hold there, and not
        // one agent fewer.
        let judged = |c: u32| {
            let a = erlang_a(LAMBDA, HANDLE, 120.0, c).map_or(1.0, |r| r.p_abandon);
            let more: f64 = (0..=5).map(|k| (0.8 * a).powi(k)).sum();
            erlang_a(LAMBDA * more, HANDLE, 120.0, c)
                .is_ok_and(|r| r.p_abandon <= 0.03 && r.answered_within(20.0) >= 0.8)
        };
        assert!(judged(with) && !judged(with - 1));
        assert!(with >= without);
        // Erlang C: nobody gives up, so nobody redials.
        assert_eq!(
            erlang_agents(redialling, goal, false, 1000, None),
            erlang_agents(first, goal, false, 1000, None)
        );
    }
}
