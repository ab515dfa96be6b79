//! Outbound campaigns: the dialer's side of the center. Campaign calls are
//! placed through StartOutboundVoiceContact, so their contact records say
//! `InitiationMethod` `API` on `VOICE`, with Connect's `Campaign`
//! (`CampaignId`) and `AnsweringMachineDetectionStatus` fields.
//!
//! Every mode dials the same call: it rings for a drawn time, then nobody
//! answers (`TELECOM_UNANSWERED`), a machine answers (it hears the
//! campaign's message, if any, and ends; no agent takes it), or a person
//! does. What differs is who holds the agent:
//!
//! - **progressive**: an agent of the campaign's group that becomes free
//!   with nothing waiting for it is reserved and the call dialled; the
//!   agent waits through the ringing, talks to the person who answers,
//!   does after-contact work, and is free again (at once if nobody or a
//!   machine answered);
//! - **preview**: as progressive, with the agent previewing the contact
//!   for a drawn time before the dial;
//! - **predictive**: calls are dialled ahead of free agents by the pacing
//!   rule ([`super::dialer`]); a person who answers is connected to a free
//!   agent of the group at once, or waits up to `abandon_after` for one and
//!   is then abandoned (`Outcome::Abandoned`, `CONTACT_FLOW_DISCONNECT`);
//! - **agentless**: calls are dialled at a Poisson rate (up to a
//!   concurrency cap); everyone who answers hears the message and the call
//!   ends (`Outcome::SelfServed` for a person).
//!
//! Agent modes use at most their bandwidth allocation of the group: no
//! more than `round(bandwidth × agents on shift)` agents on the campaign's
//! calls at once. Inbound work comes first: an agent dials only when
//! routing found nothing for it. Every call takes a voice line of the
//! instance (turned away with `TELECOM_BUSY` at the limit).

use rand::Rng;
use rand_distr::{Distribution, Exp};

use crate::engine::{Scheduler, SimDuration, SimTime};

use super::campaign_spec::{AmdStatus, CampaignLeg, CampaignSpec, DialingMode};
use super::center::Center;
use super::dialer::CampaignCall;
use super::event::Event;
use super::record::{DisconnectReason, Observer, Outcome};
use super::spec::{Channel, FlowOverrides, InitiationMethod};
use super::state::{secs, Customer, Phase, NONE};

impl<O: Observer> Center<'_, O> {
    /// Schedules the opening of every campaign's dialling window.
    pub(super) fn schedule_campaigns(&mut self, sched: &mut Scheduler<Event>) {
        for (k, c) in self.spec.campaigns.iter().enumerate() {
            sched.schedule_at(
                SimTime::ZERO + c.start,
                Event::CampaignOpens { campaign: k as u16 },
            );
        }
    }

    /// Whether campaign `k` may dial now: inside its window, before the
    /// horizon, with contacts left on its list.
    fn may_dial(&self, k: usize, now: SimTime) -> bool {
        let c = &self.spec.campaigns[k];
        now >= SimTime::ZERO + c.start
            && now < SimTime::ZERO + c.end
            && now < self.horizon
            && c.contacts.is_none_or(|n| self.campaigns[k].dials < n)
    }

    /// How many more agents campaign `k` may hold under its bandwidth
    /// allocation.
    fn bandwidth_room(&self, k: usize) -> u32 {
        let c = &self.spec.campaigns[k];
        let Some(g) = c.group else {
            return 0;
        };
        let staffed = self.groups[g.index()].staffed;
        let cap = (c.bandwidth * f64::from(staffed)).round() as u32;
        cap.saturating_sub(self.campaigns[k].busy_agents)
    }

    /// The window opens: agentless campaigns start their clock, the others
    /// offer themselves to the group's free agents.
    pub(super) fn on_campaign_opens(&mut self, k: usize, sched: &mut Scheduler<Event>) {
        let spec = &self.spec.campaigns[k];
        match (spec.mode, spec.group) {
            (DialingMode::Agentless, _) => self.schedule_agentless_dial(k, sched),
            (DialingMode::Predictive, _) => self.pace(k, sched),
            (_, Some(g)) => {
                let free: Vec<u32> = self.groups[g.index()].eligible[Channel::Voice.index()]
                    .iter()
                    .map(|(_, a)| *a)
                    .collect();
                for a in free {
                    self.campaign_pull(a, sched);
                }
            }
            (_, None) => {}
        }
    }

    /// Agent `a` has nothing from its queues: a campaign of its group may
    /// use it (a waiting predictive call, or a progressive or preview dial).
    #[inline]
    pub(super) fn campaign_pull(&mut self, a: u32, sched: &mut Scheduler<Event>) {
        // Every release asks, inline: most centers run no campaign.
        if !self.spec.campaigns.is_empty() {
            self.campaign_pull_any(a, sched);
        }
    }

    /// [`Center::campaign_pull`] for a center that runs campaigns.
    #[inline(never)]
    fn campaign_pull_any(&mut self, a: u32, sched: &mut Scheduler<Event>) {
        let g = self.agents[a as usize].group;
        for k in 0..self.spec.campaigns.len() {
            if self.spec.campaigns[k].group != Some(g) {
                continue;
            }
            if !self.agents[a as usize].in_sets[Channel::Voice.index()] {
                return; // busy now (it took a call of an earlier campaign)
            }
            match self.spec.campaigns[k].mode {
                DialingMode::Predictive => {
                    if self.bandwidth_room(k) > 0 {
                        if let Some(slot) = self.campaigns[k].waiting.pop_front() {
                            self.connect_predictive(slot, a, sched);
                            continue;
                        }
                    }
                    self.pace(k, sched);
                }
                DialingMode::Progressive | DialingMode::Preview => {
                    if self.may_dial(k, sched.now()) && self.bandwidth_room(k) > 0 {
                        self.reserve_and_dial(k, a, sched);
                    }
                }
                DialingMode::Agentless => {}
            }
        }
    }

    /// Draws a dial's outcome (always the same draws, in the same order)
    /// and creates its contact; `None` if the instance has no voice line
    /// free (the contact is then turned away).
    fn new_campaign_call(&mut self, k: usize, now: SimTime) -> Option<u32> {
        let spec = &self.spec.campaigns[k];
        let rng = &mut self.campaigns[k].rng;
        let ring = secs(spec.ring.sample(rng));
        let answered = rng.gen::<f64>() < spec.answer_probability;
        let machine = rng.gen::<f64>() < spec.machine_share;
        let talk = secs(spec.talk.sample(rng));
        let acw = secs(spec.after_contact_work.sample(rng));
        let message = spec.message.as_ref().map_or(0.0, |m| m.sample(rng));
        let preview = spec.preview.as_ref().map_or(0.0, |p| p.sample(rng));
        let call = CampaignCall {
            campaign: k as u16,
            answered,
            machine,
            ring,
            message: secs(message),
            acw,
            preview: secs(preview),
        };
        self.campaigns[k].dials += 1;
        let slot = self.new_contact(
            now,
            None,
            Channel::Voice,
            InitiationMethod::Api,
            None,
            Customer {
                talk,
                ..Customer::default()
            },
            FlowOverrides::default(),
            Phase::OutboundDial,
        );
        let c = self.c(slot);
        c.call.set(call);
        c.dial_answered = answered;
        c.rec.campaign = Some(CampaignLeg {
            campaign: k as u16,
            amd: AmdStatus::Pending,
            preview: call.preview,
        });
        if !self.take_line(slot) {
            self.turn_away_busy(slot, now);
            return None;
        }
        Some(slot)
    }

    /// Progressive or preview: reserves agent `a` for a new call, then
    /// previews (preview mode) or dials.
    fn reserve_and_dial(&mut self, k: usize, a: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let Some(slot) = self.new_campaign_call(k, now) else {
            return;
        };
        self.hold_agent(slot, a, now);
        let preview = self.contacts[slot as usize]
            .call
            .get()
            .map_or(SimDuration::ZERO, |c| c.preview);
        if self.spec.campaigns[k].mode == DialingMode::Preview {
            sched.schedule_in(
                preview,
                Event::CampaignPreviewDone {
                    contact: self.cref(slot),
                },
            );
        } else {
            self.campaign_dial(slot, sched);
        }
    }

    /// Agent `a` takes the campaign call in `slot` (reserved for it, or
    /// connected to it) from now.
    fn hold_agent(&mut self, slot: u32, a: u32, now: SimTime) {
        let g = self.agents[a as usize].group;
        let k = self.campaign_of(slot);
        self.hint_agent(slot, a);
        let c = self.c(slot);
        c.agent = a;
        c.rec.offered = Some(now);
        c.rec.accepted = Some(now);
        c.rec.agent = Some((a, g));
        self.agents[a as usize].load[Channel::Voice.index()] += 1;
        self.campaigns[k].busy_agents += 1;
        self.refresh_agent(a, now);
    }

    /// Frees the campaign call's agent, if it has one: the agent looks for
    /// work (and may dial again).
    fn free_campaign_agent(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        if self.contacts[slot as usize].agent == NONE {
            return;
        }
        let k = self.campaign_of(slot);
        self.campaigns[k].busy_agents = self.campaigns[k].busy_agents.saturating_sub(1);
        self.release_agent(slot, true, sched);
    }

    /// The campaign of a campaign call.
    fn campaign_of(&self, slot: u32) -> usize {
        self.contacts[slot as usize]
            .call
            .get()
            .map_or(0, |c| usize::from(c.campaign))
    }

    /// The call rings.
    pub(super) fn campaign_dial(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let k = self.campaign_of(slot);
        let ring = self.contacts[slot as usize]
            .call
            .get()
            .map_or(SimDuration::ZERO, |c| c.ring);
        self.c(slot).rec.dial_ring = ring;
        self.campaigns[k].ringing += 1;
        sched.schedule_in(
            ring,
            Event::CampaignRingDone {
                contact: self.cref(slot),
            },
        );
    }

    /// The ringing ended: nobody, a machine or a person answered.
    pub(super) fn on_campaign_ring_done(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let k = self.campaign_of(slot);
        let Some(call) = self.contacts[slot as usize].call.get() else {
            return;
        };
        self.campaigns[k].ringing = self.campaigns[k].ringing.saturating_sub(1);
        let mode = self.spec.campaigns[k].mode;
        let live = call.answered && !call.machine;
        if mode == DialingMode::Predictive {
            self.campaigns[k].pacing.dial_settled(live);
        }
        let amd = match (call.answered, call.machine) {
            (false, _) => AmdStatus::Unanswered,
            (true, true) => AmdStatus::VoicemailBeep,
            (true, false) => AmdStatus::HumanAnswered,
        };
        if let Some(leg) = self.c(slot).rec.campaign.as_mut() {
            leg.amd = amd;
        }
        if !call.answered {
            self.disconnect(slot, now, DisconnectReason::TelecomUnanswered);
            self.free_campaign_agent(slot, sched);
            self.end_campaign_call(slot, Outcome::Unanswered, sched);
            return;
        }
        self.connect_to_system(slot, now);
        if call.machine || mode == DialingMode::Agentless {
            // AMD: no agent for a machine; agentless: nobody's agent.
            self.free_campaign_agent(slot, sched);
            if self.spec.campaigns[k].message.is_some() {
                sched.schedule_in(
                    call.message,
                    Event::CampaignMessageDone {
                        contact: self.cref(slot),
                    },
                );
            } else {
                self.disconnect(slot, now, DisconnectReason::ContactFlowDisconnect);
                self.end_campaign_call(slot, Outcome::Unanswered, sched);
            }
            return;
        }
        if mode == DialingMode::Predictive {
            self.place_answered(k, slot, sched);
        } else {
            self.start_campaign_talk(slot, sched);
        }
    }

    /// (Predictive) a person answered: a free agent of the group takes the
    /// call now, or it waits `abandon_after` for one.
    fn place_answered(&mut self, k: usize, slot: u32, sched: &mut Scheduler<Event>) {
        let free = self.spec.campaigns[k].group.and_then(|g| {
            self.groups[g.index()].eligible[Channel::Voice.index()]
                .first()
                .map(|(_, a)| *a)
        });
        match free {
            Some(a) if self.bandwidth_room(k) > 0 => self.connect_predictive(slot, a, sched),
            _ => {
                self.campaigns[k].waiting.push_back(slot);
                let wait = self.spec.campaigns[k]
                    .predictive
                    .map_or(SimDuration::ZERO, |p| p.abandon_after);
                sched.schedule_in(
                    wait,
                    Event::CampaignAbandonDue {
                        contact: self.wref(slot),
                    },
                );
                self.pace(k, sched);
            }
        }
    }

    /// (Predictive) agent `a` takes the answered call.
    fn connect_predictive(&mut self, slot: u32, a: u32, sched: &mut Scheduler<Event>) {
        let k = self.campaign_of(slot);
        self.c(slot).wait_gen.bump(); // voids its abandonment
        self.campaigns[k].pacing.answer_settled(false);
        self.hold_agent(slot, a, sched.now());
        self.start_campaign_talk(slot, sched);
    }

    /// The person talks with the agent.
    fn start_campaign_talk(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let c = self.c(slot);
        c.phase = Phase::Talking;
        c.rec.connected = Some(now);
        let talk = c.rec.talk;
        sched.schedule_in(
            talk,
            Event::CampaignTalkDone {
                contact: self.cref(slot),
            },
        );
    }

    /// The talk ended: the person hangs up, the agent wraps up.
    pub(super) fn on_campaign_talk_done(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        self.disconnect(slot, now, DisconnectReason::CustomerDisconnect);
        let acw = self.contacts[slot as usize]
            .call
            .get()
            .map_or(SimDuration::ZERO, |c| c.acw);
        let c = self.c(slot);
        c.phase = Phase::AfterContactWork;
        c.rec.acw = acw;
        sched.schedule_in(
            acw,
            Event::CampaignWrapUpDone {
                contact: self.cref(slot),
            },
        );
    }

    /// After-contact work ended: the call is handled and the agent free.
    pub(super) fn on_campaign_wrap_up_done(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        self.c(slot).rec.acw_end = Some(sched.now());
        self.free_campaign_agent(slot, sched);
        self.end_campaign_call(slot, Outcome::Handled, sched);
    }

    /// The message ended: the call ends (a person who heard it was served
    /// by the campaign alone).
    pub(super) fn on_campaign_message_done(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        self.disconnect(slot, now, DisconnectReason::ContactFlowDisconnect);
        let machine = self.contacts[slot as usize]
            .call
            .get()
            .is_some_and(|c| c.machine);
        let outcome = if machine {
            Outcome::Unanswered
        } else {
            Outcome::SelfServed
        };
        self.end_campaign_call(slot, outcome, sched);
    }

    /// (Predictive) the answered call waited too long: abandoned.
    pub(super) fn on_campaign_abandon_due(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let k = self.campaign_of(slot);
        self.campaigns[k].waiting.retain(|s| *s != slot);
        self.campaigns[k].pacing.answer_settled(true);
        self.disconnect(slot, now, DisconnectReason::ContactFlowDisconnect);
        self.end_campaign_call(slot, Outcome::Abandoned, sched);
    }

    /// Ends a campaign call; a predictive or agentless dialer may dial
    /// again.
    fn end_campaign_call(&mut self, slot: u32, outcome: Outcome, sched: &mut Scheduler<Event>) {
        let k = self.campaign_of(slot);
        self.end_contact(slot, outcome, sched.now());
        match self.spec.campaigns[k].mode {
            DialingMode::Agentless => {
                self.campaigns[k].live_calls = self.campaigns[k].live_calls.saturating_sub(1)
            }
            DialingMode::Predictive => self.pace(k, sched),
            DialingMode::Progressive | DialingMode::Preview => {}
        }
    }

    /// (Predictive) dials while the pacing rule allows one more call (see
    /// [`super::dialer`]).
    fn pace(&mut self, k: usize, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let Some(g) = self.spec.campaigns[k].group else {
            return;
        };
        while self.may_dial(k, now) {
            let idle = self.groups[g.index()].eligible[Channel::Voice.index()].len() as u32;
            let room = self.bandwidth_room(k);
            let free = idle.min(room);
            let d = &self.campaigns[k];
            if !d
                .pacing
                .may_dial(d.ringing as usize + d.waiting.len(), free, room)
            {
                return;
            }
            match self.new_campaign_call(k, now) {
                Some(slot) => self.campaign_dial(slot, sched),
                None => return, // no voice line: try again at the next change
            }
        }
    }

    /// (Agentless) schedules the next dial attempt.
    fn schedule_agentless_dial(&mut self, k: usize, sched: &mut Scheduler<Event>) {
        let Ok(exp) = Exp::new(self.spec.campaigns[k].dials_per_hour / 3600.0) else {
            return;
        };
        let gap = secs(exp.sample(&mut self.campaigns[k].clock));
        sched.schedule_in(gap, Event::CampaignDialDue { campaign: k as u16 });
    }

    /// (Agentless) a dial attempt: dialled unless the campaign is at its
    /// concurrency cap.
    pub(super) fn on_campaign_dial_due(&mut self, k: usize, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        if !self.may_dial(k, now) {
            return; // the window closed or the list ran out: the clock stops
        }
        self.schedule_agentless_dial(k, sched);
        let spec: &CampaignSpec = &self.spec.campaigns[k];
        if spec
            .max_concurrent
            .is_some_and(|m| self.campaigns[k].live_calls >= m)
        {
            return;
        }
        if let Some(slot) = self.new_campaign_call(k, now) {
            self.campaigns[k].live_calls += 1;
            self.campaign_dial(slot, sched);
        }
    }
}
