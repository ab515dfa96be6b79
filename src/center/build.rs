//! One replication, end to end: [`run_replication`] builds a [`Center`]
//! from the spec ([`Center::new`]: the runtime state and its random
//! streams), schedules what is known before the run ([`Center::start`]),
//! runs the engine to the horizon plus the drain, and reports what is still
//! open ([`Center::finish`]).

use std::collections::BTreeMap;

use crate::engine::{RngStreams, Scheduler, SimDuration, SimTime, Simulation, Stall};

use super::arrivals::{ArrivalProcess, CountedProcess, PoissonProcess};
use super::center::Center;
use super::event::Event;
use super::ids::{GroupId, QueueId};
use super::methods::inbound::inbound_route;
use super::record::{Observer, Outcome};
use super::spec::{ArrivalCounts, Arrivals, CenterSpec, Channel};
use super::state::{ArrivalDecisions, GroupRuntime, QueueState, Redials, Roster, SourceRuntime};
use super::streams::{stream_id, Purpose};

/// What one replication did, besides what the observer saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunInfo {
    /// Events handled.
    pub events: u64,
    /// Virtual time when the run stopped.
    pub end: SimTime,
    /// Set if the run stopped early because time stood still (a loop of
    /// events that takes no time): its results are incomplete.
    pub stalled: Option<Stall>,
    /// Σ over handled events of the events pending when each was popped;
    /// over `events`, the mean size of the event queue the run worked with.
    pub pending_sum: u64,
}

/// Runs replication `replication` of `spec`, reporting to `observer`; returns
/// the observer and run facts.
pub fn run_replication<O: Observer>(
    spec: &CenterSpec,
    replication: u32,
    observer: O,
) -> (O, RunInfo) {
    run_replication_chaining(spec, replication, observer, true)
}

/// [`run_replication`], with the engine's chaining of zero-time steps
/// ([`Scheduler::can_chain`]) on or off: the same run either way, which is
/// what a test of chaining runs it twice to check.
pub fn run_replication_chaining<O: Observer>(
    spec: &CenterSpec,
    replication: u32,
    observer: O,
    chaining: bool,
) -> (O, RunInfo) {
    let mut sim = Simulation::new();
    sim.set_chaining(chaining);
    let mut center = Center::new(spec, replication, observer);
    center.start(sim.scheduler());
    let until = center.horizon + spec.drain;
    let events = sim.run_until(until, &mut center);
    let end = sim.now().max(center.horizon);
    let obs = center.finish(end);
    let stalled = sim.stalled();
    (
        obs,
        RunInfo {
            events,
            end,
            stalled,
            pending_sum: sim.pending_sum(),
        },
    )
}

/// A group's routing levels, highest priority first, from its profile's
/// queues by priority: one entry per queue and channel the profile takes
/// from it, in the order routing looks (queue, then channel). Routing runs
/// through these on every release; testing each queue's four channel flags
/// there cost as much as the rest of the pass.
///
/// Channels no contact of the scenario can be queued on (`in_use`) are
/// left out, and levels left empty with them: a voice center's profile
/// taking all four channels is looked through for voice alone.
fn routing_levels(
    by_priority: BTreeMap<u32, Vec<(QueueId, SimDuration, [bool; Channel::COUNT])>>,
    in_use: [bool; Channel::COUNT],
) -> Vec<Vec<(QueueId, SimDuration, Channel)>> {
    by_priority
        .into_values()
        .map(|level| {
            level
                .into_iter()
                .flat_map(|(q, delay, chans)| {
                    Channel::ALL
                        .into_iter()
                        .filter(move |ch| chans[ch.index()] && in_use[ch.index()])
                        .map(move |ch| (q, delay, ch))
                })
                .collect::<Vec<_>>()
        })
        .filter(|level| !level.is_empty())
        .collect()
}

/// Each source's runtime for one replication: its arrival process, its
/// random streams, and where a customer who takes none of its inbound
/// flow's branches goes (worked out once here, not per arrival).
fn source_runtimes(spec: &CenterSpec, streams: &RngStreams) -> Vec<SourceRuntime> {
    let s = |p, i| streams.stream(stream_id(p, i));
    spec.sources
        .iter()
        .enumerate()
        .map(|(i, src)| SourceRuntime {
            arrivals: match &src.arrivals {
                // Observed counts are expected volumes outside a backtest
                // (which turns them exact before it simulates).
                Arrivals::Poisson(rates) if src.arrival_counts == ArrivalCounts::Exact => {
                    ArrivalProcess::Counted(CountedProcess::new(
                        rates,
                        spec.interval.as_millis(),
                        spec.horizon.as_millis(),
                    ))
                }
                Arrivals::Poisson(rates) => ArrivalProcess::Poisson(PoissonProcess::new(
                    rates.clone(),
                    spec.interval.as_millis(),
                    spec.horizon.as_millis(),
                )),
                Arrivals::Scheduled(times) => ArrivalProcess::Scheduled(
                    times
                        .iter()
                        .map(|t| t.as_millis())
                        .collect::<Vec<_>>()
                        .into_iter(),
                ),
            },
            arrival_rng: s(Purpose::Arrivals, i),
            patience: s(Purpose::Patience, i),
            talk: s(Purpose::Talk, i),
            holds: s(Purpose::Holds, i),
            self_service: s(Purpose::SelfService, i),
            queue_choice: s(Purpose::QueueChoice, i),
            behaviour: s(Purpose::Behaviour, i),
            dial: s(Purpose::ApiDial, i),
            schedule: s(Purpose::TaskSchedule, i),
            email_reply: s(Purpose::EmailReply, i),
            arrived: 0,
            decides: ArrivalDecisions::of(spec, i),
            unbranched: inbound_route(src, &spec.flows[src.inbound_flow.index()], None),
        })
        .collect()
}

impl<'a, O: Observer> Center<'a, O> {
    /// Builds the runtime of `spec` for one replication.
    pub fn new(spec: &'a CenterSpec, replication: u32, obs: O) -> Self {
        let streams = RngStreams::new(spec.seed, u64::from(replication));
        let s = |p, i| streams.stream(stream_id(p, i));
        let sources = source_runtimes(spec, &streams);
        let mut queue_groups = vec![Vec::new(); spec.queues.len()];
        let mut groups: Vec<GroupRuntime> = Vec::new();
        for (g, group) in spec.groups.iter().enumerate() {
            let gid = GroupId(g as u16);
            let prof = &spec.profiles[group.profile.index()];
            let mut by_priority: BTreeMap<
                u32,
                Vec<(QueueId, SimDuration, [bool; Channel::COUNT])>,
            > = BTreeMap::new();
            for pq in &prof.queues {
                queue_groups[pq.queue.index()].push((gid, pq.delay, pq.channels));
                by_priority
                    .entry(pq.priority)
                    .or_default()
                    .push((pq.queue, pq.delay, pq.channels));
            }
            // Channels contacts can arrive on: a source's, and voice for
            // callbacks (Connect calls back on voice, whatever channel the
            // customer asked on).
            let callbacks = spec.flows.iter().any(|f| f.callback.is_some());
            let in_use: [bool; Channel::COUNT] = std::array::from_fn(|c| {
                spec.sources.iter().any(|s| s.kind.channel().index() == c)
                    || (callbacks && c == Channel::Voice.index())
            });
            let mut serves = [false; Channel::COUNT];
            // Outbound calls use the group's voice slot too; so do agent
            // transfers to the group. Those wait in one agent's own queue,
            // which the agent takes before anything else (routing), so the
            // group's agent queue is not one of its priority levels.
            serves[0] = group.outbound.is_some()
                || spec.queues.iter().any(|qs| qs.agent_queue_of == Some(gid))
                || spec.campaigns.iter().any(|k| k.group == Some(gid));
            for level in by_priority.values() {
                for (_, _, chans) in level {
                    for c in 0..Channel::COUNT {
                        serves[c] |= chans[c] && in_use[c];
                    }
                }
            }
            let concurrency = spec.profiles[group.profile.index()].concurrency;
            groups.push(GroupRuntime {
                serves,
                one_slot: (0..Channel::COUNT)
                    .filter(|&c| serves[c])
                    .map(|c| u64::from(concurrency[c]))
                    .sum::<u64>()
                    <= 1,
                idle_accepts: spec.profiles[group.profile.index()].accepts([0; Channel::COUNT]),
                agents: Vec::new(),
                auto_accept: s(Purpose::AutoAccept, g),
                answer: s(Purpose::AnswerDelay, g),
                miss: s(Purpose::Miss, g),
                recovery: s(Purpose::MissedRecovery, g),
                acw: s(Purpose::AfterContactWork, g),
                outbound: s(Purpose::Outbound, g),
                aux: s(Purpose::Aux, g),
                planned: s(Purpose::Planned, g),
                eligible: Default::default(),
                levels: routing_levels(by_priority, in_use),
                staffed: 0,
            });
        }
        let queue_delays = queue_groups
            .iter()
            .map(|gs: &Vec<(GroupId, SimDuration, [bool; Channel::COUNT])>| {
                let mut d: Vec<SimDuration> = gs
                    .iter()
                    .map(|x| x.1)
                    .filter(|d| *d > SimDuration::ZERO)
                    .collect();
                d.sort();
                d.dedup();
                d
            })
            .collect();
        let flow_rngs = (0..spec.flows.len())
            .map(|i| s(Purpose::FlowDuration, i))
            .collect();
        let flow_email_rngs = (0..spec.flows.len())
            .map(|i| s(Purpose::FlowEmail, i))
            .collect();
        let campaigns = super::dialer::dialers(spec, &streams);
        let external_rngs = (0..spec.queues.len())
            .map(|q| s(Purpose::ExternalDial, q))
            .collect();
        let supervisors = super::supervisors::Supervisors::new(spec, &streams);
        Center {
            spec,
            obs,
            streams,
            contacts: Vec::new(),
            free_slots: Vec::new(),
            agent_hints: Vec::new(),
            agents: Vec::new(),
            groups,
            queues: (0..spec.queues.len())
                .map(|_| QueueState::default())
                .collect(),
            queue_groups,
            queue_delays,
            sources,
            flow_rngs,
            flow_email_rngs,
            active_lines: [0; Channel::COUNT],
            next_contact_id: 1,
            next_queue_key: 0,
            next_idle_key: 0,
            horizon: SimTime::ZERO + spec.horizon,
            roster: Roster::default(),
            redials: Redials::default(),
            campaigns,
            external_rngs,
            supervisors,
            any_transfer_rule: spec.transfer_rules().next().is_some(),
        }
    }

    /// Schedules what is known before the run: the horizon, the shift
    /// changes, the first arrival of each source; staffs the first interval
    /// (headcounts, and the shift timeline's first steps).
    pub fn start(&mut self, sched: &mut Scheduler<Event>) {
        sched.schedule_at(self.horizon, Event::HorizonReached);
        for i in 1..self.spec.interval_count() {
            sched.schedule_at(
                SimTime(i as u64 * self.spec.interval.as_millis()),
                Event::ShiftChange { interval: i as u32 },
            );
        }
        self.apply_headcount(0, sched);
        self.build_roster(sched);
        self.apply_planned(sched);
        for s in 0..self.sources.len() {
            self.schedule_next_arrival(s, sched);
        }
        self.schedule_campaigns(sched);
    }

    /// Reports what is still open at `end` and returns the observer.
    pub fn finish(mut self, end: SimTime) -> O {
        for slot in 0..self.contacts.len() {
            if self.contacts[slot].live {
                let c = &self.contacts[slot];
                if let (true, Some(q)) = (c.in_queue, c.rec.queue) {
                    // Still in queue: its stretch there ends with the run.
                    self.obs.queue_spell(q, c.queued_since, end);
                }
                let mut rec = self.contacts[slot].rec.clone();
                rec.outcome = Outcome::InProgress;
                self.obs.contact_unfinished(&rec);
            }
        }
        for a in 0..self.agents.len() {
            let ag = &self.agents[a];
            if let Some(act) = ag.activity {
                self.obs.agent_time(ag.group, act, ag.since, end);
            }
            if let Some(h) = ag.hours {
                self.obs
                    .agent_hours(a as u32, ag.group, h, ag.hours_since, end);
            }
            for ch in Channel::ALL {
                let (used, cap) = ag.slots[ch.index()];
                if cap > 0 || used > 0 {
                    let since = ag.slots_since[ch.index()];
                    self.obs.agent_slots(ag.group, ch, used, cap, since, end);
                }
            }
        }
        for (q, qs) in self.queues.iter().enumerate() {
            self.obs
                .queue_level(QueueId(q as u16), qs.level, qs.level_since, end);
        }
        self.obs.finished();
        self.obs
    }

    /// The horizon: what is in progress now is reported as such.
    pub(super) fn on_horizon(&mut self) {
        for c in &self.contacts {
            if c.live {
                self.obs.in_progress_at_horizon(&c.rec);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Levels keep the priority order, and within a level the queues' order
    /// with each queue's channels in index order — routing breaks ties by
    /// that order — and list no channel a queue is not taken on, nor one no
    /// contact of the scenario is on; a level left with nothing is dropped.
    #[test]
    fn routing_levels_list_each_taken_channel_in_routing_order() {
        let (d0, d5) = (SimDuration::ZERO, SimDuration::from_secs(5));
        let mut by_priority = BTreeMap::new();
        by_priority.insert(
            2,
            vec![
                (QueueId(3), d0, [false, true, false, true]),
                (QueueId(1), d5, [true, false, false, false]),
            ],
        );
        by_priority.insert(1, vec![(QueueId(0), d0, [false; Channel::COUNT])]);
        by_priority.insert(7, vec![(QueueId(2), d5, [true; Channel::COUNT])]);
        let levels = routing_levels(by_priority.clone(), [true; Channel::COUNT]);
        assert_eq!(
            levels,
            vec![
                vec![
                    (QueueId(3), d0, Channel::Chat),
                    (QueueId(3), d0, Channel::Email),
                    (QueueId(1), d5, Channel::Voice),
                ],
                Channel::ALL
                    .iter()
                    .map(|&ch| (QueueId(2), d5, ch))
                    .collect(),
            ]
        );
        // No email or task in the scenario: those entries go.
        let levels = routing_levels(by_priority.clone(), [true, true, false, false]);
        assert_eq!(
            levels,
            vec![
                vec![
                    (QueueId(3), d0, Channel::Chat),
                    (QueueId(1), d5, Channel::Voice)
                ],
                vec![
                    (QueueId(2), d5, Channel::Voice),
                    (QueueId(2), d5, Channel::Chat)
                ],
            ]
        );
        // Voice alone: queue 3's level keeps queue 1 only.
        let levels = routing_levels(by_priority, [true, false, false, false]);
        assert_eq!(
            levels,
            vec![
                vec![(QueueId(1), d5, Channel::Voice)],
                vec![(QueueId(2), d5, Channel::Voice)]
            ]
        );
    }
}
