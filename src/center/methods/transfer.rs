//! TRANSFER: an agent transfers the customer with a quick connect — to an
//! agent (one agent of a group, named when the transfer starts; the leg
//! waits in that agent's own queue, for that agent alone) or to a queue.
//!
//! After part of the talk the agent transfer / queue transfer flow plays to
//! the **source agent**; from then on the caller hears the customer hold flow.
//! A new TRANSFER contact (linked by `PreviousContactId` /
//! `InitialContactId`, with the contact's flow settings and, over them,
//! those the transfer flow sets) waits for a destination agent, who accepts and hears
//! the agent whisper; the customer whisper then plays to the **source
//! agent**, and source and destination consult. The source's post-consult
//! action follows (join, hold all, hold destination — each for a while —
//! or end call), and the source leaves: its contact ends as transferred out
//! and its agent does ACW, while the destination talks with the customer.
//! Or the transfer is withdrawn: the destination leaves and the source keeps
//! the customer. A cold transfer ends the source's part as soon as the
//! transfer flow has played. A customer on hold may hang up (hold
//! patience). Transfers of transfers go on up to a limit.

use rand::Rng;
use std::hint::cold_path;

use crate::center::center::Center;
use crate::center::event::Event;
use crate::center::ids::GroupId;
use crate::center::record::{DisconnectReason, FlowPlay, Observer, Outcome, Party};
use crate::center::spec::{
    AgentPick, Channel, FlowType, InitiationMethod, PostConsult, TransferTarget,
};
use crate::center::state::{secs, Customer, Phase, NONE};
use crate::center::streams::{stream_id, Purpose, BLOCK_WORDS};
use crate::engine::{Scheduler, SimDuration};

// The plan is drawn here; the type lives with the runtime state (a contact
// holds one), re-exported under its old path.
pub use crate::center::state::TransferPlan;

impl<O: Observer> Center<'_, O> {
    /// Decides whether the agent will transfer the contact whose
    /// conversation starts now; returns the talk before the transfer. The
    /// rule is the handling agent's: the one for the queue the contact was
    /// answered from and the agent's group (see
    /// [`CenterSpec::transfer_for`](crate::center::spec::CenterSpec::transfer_for)).
    /// Whichever rule applies, the decision is the first draw of the
    /// contact's own block, so it never shifts another contact's draws.
    pub(in crate::center) fn plan_transfer(&mut self, slot: u32) -> Option<SimDuration> {
        if !self.any_transfer_rule {
            return None; // `transfer_for` would find none
        }
        cold_path(); // most centers have no transfer rules
        let c = &self.contacts[slot as usize];
        if c.transfer.is_some()
            || c.rec.channel != crate::center::spec::Channel::Voice
            || c.rec.voicemail
        {
            return None; // one transfer per leg; voice only; nobody to transfer on a voicemail
        }
        if matches!(
            c.rec.method,
            InitiationMethod::Outbound | InitiationMethod::Disconnect
        ) {
            // Nobody transfers an outbound call; a DISCONNECT follow-up's
            // first transfer block would be its customer's first leg's.
            return None;
        }
        let source = c.rec.source?;
        let (_, group) = c.rec.agent?;
        let t = self.spec.transfer_for(c.rec.queue, group, source)?;
        if c.transfers >= t.max_chain {
            return None;
        }
        // One block per (customer, depth): the plan never depends on when
        // or whether earlier draws happened.
        let mut rng = self
            .streams
            .stream(stream_id(Purpose::Transfer, source.index()));
        rng.set_word_pos(
            (u128::from(c.customer.source_seq) * 16 + u128::from(c.transfers)) * BLOCK_WORDS,
        );
        let transfer = rng.gen::<f64>() < t.probability;
        let after = secs(t.after.sample(&mut rng));
        let consult = secs(t.consult.sample(&mut rng));
        let u_action: f64 = rng.gen();
        let action_duration = secs(t.action_duration.sample(&mut rng));
        let withdraw = rng.gen::<f64>() < t.withdraw_probability;
        let talk_after = secs(t.talk_after.sample(&mut rng));
        let hold_patience = t.hold_patience.as_ref().map(|d| secs(d.sample(&mut rng)));
        if !transfer {
            return None;
        }
        let k = t
            .actions
            .iter()
            .position(|cum| u_action < *cum)
            .unwrap_or(3);
        let plan = TransferPlan {
            target: t.target,
            flow: t.flow,
            cold: t.cold,
            after,
            consult,
            action: PostConsult::ALL[k],
            action_duration,
            withdraw: withdraw && !t.cold,
            talk_after,
            hold_patience,
        };
        let c = self.c(slot);
        c.transfer.set(plan);
        // This leg's talk is the part before the transfer; holds are not
        // modelled on a leg that is transferred.
        c.rec.talk = after;
        c.drop_holds();
        Some(after)
    }

    /// The source agent starts the transfer: the transfer flow plays to it,
    /// the customer goes on hold.
    pub(in crate::center) fn on_transfer_start(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let Some(plan) = self.contacts[slot as usize].transfer.get() else {
            return;
        };
        let (flow, target) = (plan.flow, plan.target);
        if let TransferTarget::Group { group, pick, .. } = target {
            // The agent quick connect names its agent now.
            let named = self.name_agent(slot, group, pick);
            self.c(slot).transfer_agent = named;
        }
        let c = self.c(slot);
        c.phase = Phase::TransferFlow;
        c.transfer_started = now;
        let hold = self.flow_for(slot, FlowType::CustomerHold);
        self.play(slot, hold, Party::Customer, now);
        let d = self.play(slot, flow, Party::Agent, now);
        sched.schedule_in(
            d,
            Event::TransferFlowDone {
                contact: self.cref(slot),
            },
        );
    }

    /// The transfer flow ended: the TRANSFER contact waits for a
    /// destination (in the target group's agent queue or the target queue).
    pub(in crate::center) fn on_transfer_flow_done(
        &mut self,
        slot: u32,
        sched: &mut Scheduler<Event>,
    ) {
        let now = sched.now();
        let c = &self.contacts[slot as usize];
        let (Some(plan), Some(source)) = (c.transfer.get(), c.rec.source) else {
            return;
        };
        // The transfer flow's Set … blocks apply to the leg it creates,
        // over what the leg inherits.
        let (cold, target, flow) = (plan.cold, plan.target, plan.flow);
        let flow_sets = self.spec.flows[flow.index()].sets;
        let customer = Customer {
            talk: plan.talk_after,
            patience: plan.hold_patience,
            holds: Vec::new(),
            ..c.customer.clone()
        };
        let (overrides, transfers) = (c.overrides.overridden_by(flow_sets), c.transfers);
        let leg = self.new_contact(
            now,
            Some(source),
            crate::center::spec::Channel::Voice,
            InitiationMethod::Transfer,
            Some(slot),
            customer,
            overrides,
            Phase::Queued,
        );
        let l = self.c(leg);
        l.transfers = transfers + 1;
        l.leg.set(plan);
        self.c(slot).phase = Phase::TransferHold;
        if cold {
            self.source_leaves(slot, leg, now, sched);
        } else {
            self.c(slot).peer = leg;
            self.c(leg).peer = slot;
        }
        let (q, named) = match target {
            TransferTarget::Group { queue, group, .. } => {
                let named = self.contacts[slot as usize].transfer_agent;
                let l = self.c(leg);
                l.for_agent = named;
                l.rec.transfer_to_agent = (named != NONE).then_some((named, group));
                (queue, named)
            }
            TransferTarget::Queue(q) => (q, NONE),
        };
        let nobody = matches!(target, TransferTarget::Group { .. }) && named == NONE;
        if nobody || self.queue_full(q) {
            // Nowhere to go (a full queue, or nobody of the group on shift
            // to name): the transfer fails and the source keeps (or, cold,
            // has already dropped) the customer.
            self.c(leg).rec.queue = Some(q);
            self.disconnect(leg, now, DisconnectReason::ContactFlowDisconnect);
            self.end_contact(leg, Outcome::TurnedAway, now);
            self.resume_with_source(slot, sched);
        } else {
            self.enqueue(leg, q, sched);
        }
    }

    /// The agent an agent quick connect to `group` names now, by `pick`
    /// (see [`AgentPick`]) — never the source agent — or [`NONE`] when
    /// nobody else of the group is on shift (and not leaving).
    fn name_agent(&self, slot: u32, group: GroupId, pick: AgentPick) -> u32 {
        let c = &self.contacts[slot as usize];
        let me = c.agent;
        let gr = &self.groups[group.index()];
        let candidate = |a: &u32| {
            let ag = &self.agents[*a as usize];
            *a != me && ag.on_shift && !ag.leaving
        };
        match pick {
            AgentPick::LongestIdle => {
                // The eligibility set is the idle order: longest available
                // first.
                if let Some(&(_, a)) = gr.eligible[Channel::Voice.index()]
                    .iter()
                    .find(|(_, a)| *a != me)
                {
                    return a;
                }
                gr.agents
                    .iter()
                    .copied()
                    .filter(candidate)
                    .min_by_key(|&a| {
                        let ag = &self.agents[a as usize];
                        (ag.load.iter().sum::<u32>(), ag.missed, ag.idle_key, a)
                    })
                    .unwrap_or(NONE)
            }
            AgentPick::Random => {
                let pool: Vec<u32> = gr.agents.iter().copied().filter(candidate).collect();
                if pool.is_empty() {
                    return NONE;
                }
                // One draw from the contact's own block: staffing changes
                // who is in the pool, never the draw.
                let source = c.rec.source.map(|s| s.index()).unwrap_or(0);
                let mut rng = self
                    .streams
                    .stream(stream_id(Purpose::TransferAgent, source));
                rng.set_word_pos(
                    (u128::from(c.customer.source_seq) * 16 + u128::from(c.transfers))
                        * BLOCK_WORDS,
                );
                let u: f64 = rng.gen();
                pool[((u * pool.len() as f64) as usize).min(pool.len() - 1)]
            }
        }
    }

    /// The destination's agent whisper ended: the customer whisper plays to
    /// the source agent, then they consult (a cold transfer goes straight
    /// to the conversation, the customer whisper to the customer).
    pub(in crate::center) fn transfer_leg_whispered(
        &mut self,
        leg: u32,
        sched: &mut Scheduler<Event>,
    ) {
        let now = sched.now();
        let warm = self.contacts[leg as usize].peer != NONE;
        let flow = self.flow_for(leg, FlowType::CustomerWhisper);
        let party = if warm {
            Party::SourceAgent
        } else {
            Party::Customer
        };
        let d = self.play(leg, flow, party, now);
        let c = self.c(leg);
        c.rec.customer_whisper = d;
        if warm {
            c.phase = Phase::Consult;
            c.rec.connected = Some(now + d);
            let consult = c.leg.get().map(|p| p.consult).unwrap_or(SimDuration::ZERO);
            sched.schedule_in(
                d + consult,
                Event::ConsultDone {
                    contact: self.cref(leg),
                },
            );
        } else {
            c.phase = Phase::CustomerWhisper;
            sched.schedule_in(
                d,
                Event::CustomerWhisperDone {
                    contact: self.cref(leg),
                },
            );
        }
    }

    /// The consult ended: withdraw, end call, or a post-consult action.
    pub(in crate::center) fn on_consult_done(&mut self, leg: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let Some(plan) = self.contacts[leg as usize].leg.get() else {
            return;
        };
        let source = self.contacts[leg as usize].peer;
        if plan.withdraw {
            // The destination leaves; the source keeps the customer.
            self.c(leg).peer = NONE;
            self.c(leg).rec.talk = SimDuration::ZERO;
            self.disconnect(leg, now, DisconnectReason::AgentDisconnect);
            self.start_acw(leg, sched);
            if source != NONE {
                self.c(source).peer = NONE;
                self.resume_with_source(source, sched);
            }
            return;
        }
        match plan.action {
            PostConsult::EndCall => {
                if source != NONE {
                    self.source_leaves(source, leg, now, sched);
                }
                self.start_conversation(leg, sched);
            }
            action => {
                self.c(leg).phase = Phase::PostConsult;
                let id = self.contacts[leg as usize].rec.id;
                let d = plan.action_duration;
                let holds: &[(FlowType, Party)] = match action {
                    PostConsult::HoldAll => &[
                        (FlowType::CustomerHold, Party::Customer),
                        (FlowType::AgentHold, Party::Agent),
                    ],
                    PostConsult::HoldDestination => &[(FlowType::AgentHold, Party::Agent)],
                    _ => &[],
                };
                for &(t, party) in holds {
                    let flow = self.flow_for(leg, t);
                    self.obs.flow_played(&FlowPlay {
                        contact: id,
                        flow,
                        party,
                        start: now,
                        duration: Some(d),
                    });
                }
                sched.schedule_in(
                    d,
                    Event::PostConsultDone {
                        contact: self.cref(leg),
                    },
                );
            }
        }
    }

    /// Join / hold all / hold destination ended: the source leaves and the
    /// destination talks with the customer.
    pub(in crate::center) fn on_post_consult_done(
        &mut self,
        leg: u32,
        sched: &mut Scheduler<Event>,
    ) {
        let now = sched.now();
        let source = self.contacts[leg as usize].peer;
        if source != NONE {
            self.source_leaves(source, leg, now, sched);
        }
        self.start_conversation(leg, sched);
    }

    /// The caller's hold for the transfer ends: it counts as a hold of the
    /// source's contact (`CustomerHoldDuration`, `NumberOfHolds`).
    fn end_transfer_hold(&mut self, slot: u32, now: crate::engine::SimTime) {
        let c = self.c(slot);
        let held = now - c.transfer_started;
        c.rec.add_hold(held);
    }

    /// The source agent leaves the transfer: its contact is transferred out
    /// (the line goes to the new leg) and its agent starts ACW.
    fn source_leaves(
        &mut self,
        source: u32,
        leg: u32,
        now: crate::engine::SimTime,
        sched: &mut Scheduler<Event>,
    ) {
        self.end_transfer_hold(source, now);
        self.c(source).peer = NONE;
        self.c(leg).peer = NONE;
        self.pass_line(source, leg);
        self.disconnect(source, now, DisconnectReason::AgentDisconnect);
        self.c(source).rec.outcome = Outcome::TransferredOut;
        self.start_acw(source, sched);
    }

    /// The transfer did not happen after all: the source agent talks with
    /// the customer for what the destination would have.
    fn resume_with_source(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        if self.contacts[slot as usize].rec.outcome == Outcome::TransferredOut {
            return; // a cold transfer: the source is gone already
        }
        let now = sched.now();
        self.end_transfer_hold(slot, now);
        let c = self.c(slot);
        let more = c
            .transfer
            .get()
            .map(|p| p.talk_after)
            .unwrap_or(SimDuration::ZERO);
        c.phase = Phase::Talking;
        c.rec.talk += more;
        sched.schedule_in(
            more,
            Event::ConversationDone {
                contact: self.cref(slot),
            },
        );
    }

    /// A customer on hold for a transfer destination hung up: the TRANSFER
    /// leg is abandoned, and the source's contact ends (its agent does ACW).
    pub(in crate::center) fn on_hold_patience_expired(
        &mut self,
        leg: u32,
        sched: &mut Scheduler<Event>,
    ) {
        let now = sched.now();
        if self.offered_this_instant(leg, now) {
            return; // a destination was found at this very instant
        }
        let source = self.contacts[leg as usize].peer;
        self.on_patience_expired_now(leg, sched);
        if source != NONE && self.contacts[source as usize].live {
            self.end_transfer_hold(source, now);
            self.c(source).peer = NONE;
            self.disconnect(source, now, DisconnectReason::CustomerDisconnect);
            self.start_acw(source, sched);
        }
    }
}
