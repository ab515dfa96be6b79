//! The [`Center`]: one replication's runtime in one struct, and the
//! dispatch of each [`Event`] to the room that handles it. The rooms are
//! `impl Center` blocks in sibling files (see the [module map](super)): this
//! file holds no lifecycle logic of its own.
//!
//! # Same-instant order
//!
//! Events at the same millisecond run in the order they were scheduled (the
//! engine's FIFO rule). Consequences a reader can rely on:
//! - the horizon and every shift change are scheduled before the run starts,
//!   so at their instant they come before completions, abandonments and
//!   arrivals (a shift timeline's steps come in one pending event each,
//!   scheduled when the step before it is taken);
//! - otherwise events run in the order their causes happened: a contact that
//!   arrives at the instant an agent finishes ACW is routed after the agent
//!   has looked for work if the ACW end was scheduled first;
//! - a customer's patience (and hold patience) ends in a *late* event, which
//!   runs after every other event of its instant: routing at an instant
//!   comes before patience at that instant, so a customer whose patience
//!   runs out in the millisecond an agent is free is offered to that agent
//!   (`patience = "0s"`: leaves unless an agent is free now).

use crate::engine::prefetch::prefetch;
use crate::engine::{Handler, RngStreams, Scheduler, SimDuration, SimTime, StreamRng};

use super::dialer::CampaignRuntime;
use super::event::{AgentRef, ContactRef, Event};
use super::ids::GroupId;
use super::record::Observer;
use super::spec::{CenterSpec, Channel};
use super::state::{
    Agent, Contact, GroupRuntime, QueueState, Redials, Roster, SourceRuntime, NONE,
};

/// Contact slots from which [`Handler::prefetch`] starts fetching them:
/// as many as fill 1 MiB, a current server core's private (L2) cache. With
/// thousands of contacts in flight the prefetch pays (paired runs, 1 M
/// customers: 10,000 agents 0.81 of the time without it, 3,000 agents
/// 0.90); with fewer, whose slots stay cached, it is work for nothing (20
/// agents 1.03 with it at every size, 1,000 agents 1.02–1.06 with it from
/// 256 KiB).
pub(super) const PREFETCH_FROM_SLOTS: usize = (1 << 20) / std::mem::size_of::<Contact>();

/// One replication of a contact center.
pub struct Center<'a, O: Observer> {
    pub(super) spec: &'a CenterSpec,
    pub(super) obs: O,
    pub(super) streams: RngStreams,
    pub(super) contacts: Vec<Contact>,
    /// Slots of ended contacts, reused by new ones.
    pub(super) free_slots: Vec<u32>,
    /// Per contact slot, the agent it was last given to (see
    /// `hint_agent`): read only to prefetch that agent.
    pub(super) agent_hints: Vec<u32>,
    pub(super) agents: Vec<Agent>,
    pub(super) groups: Vec<GroupRuntime>,
    pub(super) queues: Vec<QueueState>,
    /// For each queue: the groups serving it, with delay and channels.
    pub(super) queue_groups: Vec<Vec<(GroupId, SimDuration, [bool; Channel::COUNT])>>,
    /// For each queue: the distinct positive delays of those groups.
    pub(super) queue_delays: Vec<Vec<SimDuration>>,
    pub(super) sources: Vec<SourceRuntime>,
    /// One duration stream per flow.
    pub(super) flow_rngs: Vec<StreamRng>,
    /// One stream per flow for the emails it sends (FLOW).
    pub(super) flow_email_rngs: Vec<StreamRng>,
    /// Active contacts per channel holding an instance line.
    pub(super) active_lines: [u32; Channel::COUNT],
    pub(super) next_contact_id: u64,
    /// Queue order: the next contact to enter a queue gets this key.
    pub(super) next_queue_key: u64,
    /// Idle order: the next agent to the back of it gets this key.
    pub(super) next_idle_key: u64,
    pub(super) horizon: SimTime,
    /// The shift timeline (empty without shift groups).
    pub(super) roster: Roster,
    /// Redials decided and not yet due.
    pub(super) redials: Redials,
    /// One dialer per outbound campaign.
    pub(super) campaigns: Vec<CampaignRuntime>,
    /// One external-party stream per queue (EXTERNAL_OUTBOUND).
    pub(super) external_rngs: Vec<StreamRng>,
    /// The supervisor groups (MONITOR).
    pub(super) supervisors: super::supervisors::Supervisors,
    /// Whether the scenario has any transfer rule. Without one no
    /// conversation is transferred, and `plan_transfer` does not look one
    /// up for each conversation.
    pub(super) any_transfer_rule: bool,
}

impl<O: Observer> Center<'_, O> {
    /// Whether an event about contact `c` is current: the contact is live
    /// and its course has not moved on since the event was scheduled.
    fn contact_current(&self, c: ContactRef) -> bool {
        self.contacts
            .get(c.slot as usize)
            .is_some_and(|x| x.gen == c.gen && x.live)
    }

    /// Whether a queue timer of contact `c` is current: the contact is still
    /// in the wait it was scheduled for.
    fn wait_current(&self, c: ContactRef) -> bool {
        self.contacts
            .get(c.slot as usize)
            .is_some_and(|x| x.wait_gen == c.gen && x.live)
    }

    /// Whether an event about agent `a` is current.
    fn agent_current(&self, a: AgentRef) -> bool {
        self.agents
            .get(a.agent as usize)
            .is_some_and(|x| x.gen == a.gen)
    }
    /// Whether the contact step the current handler would schedule last,
    /// `d` from now, can be handled at once instead ([`Scheduler::can_chain`]):
    /// it takes no time, it would be the very next event, and no redial
    /// waits to be scheduled between the two events (`schedule_redials`
    /// runs after each). The order, the counts and the stall guard stay
    /// those of scheduling it; what is saved is the event's dispatch. For a
    /// handler's last act only, and only for a step of the contact being
    /// handled (its event would be current: nothing in between could
    /// change the contact).
    #[inline]
    pub(super) fn can_chain(&self, d: SimDuration, sched: &Scheduler<Event>) -> bool {
        d == SimDuration::ZERO && self.redials.decided.is_empty() && sched.can_chain()
    }

    /// [`Center::can_chain`], and if so the step counted as handled
    /// ([`Scheduler::chain`]): the caller handles it next.
    #[inline]
    pub(super) fn chain_now(&self, d: SimDuration, sched: &mut Scheduler<Event>) -> bool {
        let chain = self.can_chain(d, sched);
        if chain {
            sched.chain();
        }
        chain
    }

    /// Runs the handler of an event off the common inbound path (anything
    /// but arrivals, inbound flows, routing, offers, whispers, talk and ACW)
    /// as a call, not inlined into the event loop. The loop's code then
    /// holds only what most events run and fits the instruction cache: with
    /// every handler inlined, an unrelated change that moved code around
    /// tripled M/M/20's instruction-cache misses (cachegrind) and cost 8 %.
    #[inline(never)]
    fn out_of_line(&mut self, handler: impl FnOnce(&mut Self)) {
        handler(self)
    }

    /// Whether `event` still applies: which generation guards each event
    /// (lazy cancellation). Stale events are dropped unhandled.
    fn is_current(&self, event: &Event) -> bool {
        match *event {
            Event::HorizonReached
            | Event::ShiftChange { .. }
            | Event::Arrival { .. }
            | Event::RosterDue => true,
            Event::TaskStart { contact }
            | Event::ApiDialDone { contact }
            | Event::InboundFlowDone { contact }
            | Event::OfferAccepted { contact }
            | Event::OfferMissed { contact }
            | Event::AgentWhisperDone { contact }
            | Event::CustomerWhisperDone { contact }
            | Event::CallbackDialDone { contact }
            | Event::CallbackDue { contact }
            | Event::OutboundDialDone { contact }
            | Event::OutboundWhisperDone { contact }
            | Event::ConversationDone { contact }
            | Event::AfterContactWorkDone { contact }
            | Event::DisconnectFlowDone { contact }
            | Event::TransferStart { contact }
            | Event::TransferFlowDone { contact }
            | Event::ConsultDone { contact }
            | Event::PostConsultDone { contact } => self.contact_current(contact),
            Event::PatienceExpired { contact }
            | Event::RoutingDelayElapsed { contact }
            | Event::CallbackOffered { contact }
            | Event::QueueMoveDue { contact }
            | Event::RoutingChangeDue { contact, .. }
            | Event::HoldPatienceExpired { contact } => self.wait_current(contact),
            Event::CallbackWrapUpDone { .. } => true,
            Event::MissedRecovered { agent }
            | Event::OutboundDue { agent }
            | Event::AwayOver { agent }
            | Event::AuxDue { agent } => self.agent_current(agent),
            Event::FlowEmailSent { contact } => self.contact_current(contact),
            Event::RoutingStepExpired { contact } => self.wait_current(contact),
            Event::RedialDue { .. } => true,
            Event::CampaignOpens { .. } | Event::CampaignDialDue { .. } => true,
            Event::CampaignPreviewDone { contact }
            | Event::CampaignRingDone { contact }
            | Event::CampaignTalkDone { contact }
            | Event::CampaignWrapUpDone { contact }
            | Event::CampaignMessageDone { contact } => self.contact_current(contact),
            Event::CampaignAbandonDue { contact } => self.wait_current(contact),
            Event::ExternalDialDue { contact }
            | Event::ExternalRingDone { contact }
            | Event::ExternalTalkDone { contact }
            | Event::MonitorDone { contact } => self.contact_current(contact),
            Event::TaskPauseDue { contact } | Event::TaskResumeDue { contact } => {
                self.contact_current(contact)
            }
        }
    }
}

/// Both matches over [`Event`] are exhaustive, without a wildcard arm: a new
/// event does not compile until it has a guard and a handler.
impl<O: Observer> Handler<Event> for Center<'_, O> {
    fn handle(&mut self, event: Event, sched: &mut Scheduler<Event>) {
        if !self.is_current(&event) {
            return;
        }
        match event {
            Event::HorizonReached => self.out_of_line(|c| c.on_horizon()),
            Event::ShiftChange { interval } => {
                self.out_of_line(|c| c.on_shift_change(interval as usize, sched))
            }
            Event::Arrival { source } => self.on_arrival(usize::from(source), sched),
            Event::TaskStart { contact } => {
                self.out_of_line(|c| c.on_task_start(contact.slot, sched))
            }
            Event::ApiDialDone { contact } => {
                self.out_of_line(|c| c.on_api_dial_done(contact.slot, sched))
            }
            Event::InboundFlowDone { contact } => self.on_inbound_flow_done(contact.slot, sched),
            Event::PatienceExpired { contact } => self.on_patience_expired_now(contact.slot, sched),
            Event::RoutingDelayElapsed { contact } => self.route_contact(contact.slot, sched),
            Event::CallbackOffered { contact } => {
                self.out_of_line(|c| c.on_callback_offered(contact.slot, sched))
            }
            Event::QueueMoveDue { contact } => {
                self.out_of_line(|c| c.on_queue_move_due(contact.slot, sched))
            }
            Event::RoutingChangeDue { contact, step } => {
                self.out_of_line(|c| c.on_routing_change_due(contact.slot, step))
            }
            Event::CallbackDue { contact } => {
                self.out_of_line(|c| c.on_callback_due(contact.slot, sched))
            }
            Event::HoldPatienceExpired { contact } => {
                self.out_of_line(|c| c.on_hold_patience_expired(contact.slot, sched))
            }
            Event::OfferAccepted { contact } => self.on_offer_accepted(contact.slot, sched),
            Event::OfferMissed { contact } => {
                self.out_of_line(|c| c.on_offer_missed(contact.slot, sched))
            }
            Event::AgentWhisperDone { contact } => self.on_agent_whisper_done(contact.slot, sched),
            Event::CustomerWhisperDone { contact } => self.start_conversation(contact.slot, sched),
            Event::CallbackDialDone { contact } => {
                self.out_of_line(|c| c.on_callback_dial_done(contact.slot, sched))
            }
            Event::CallbackWrapUpDone { agent } => {
                self.out_of_line(|c| c.free_slot(agent, Channel::Voice, true, sched))
            }
            Event::OutboundDialDone { contact } => {
                self.out_of_line(|c| c.on_outbound_dial_done(contact.slot, sched))
            }
            Event::OutboundWhisperDone { contact } => {
                self.out_of_line(|c| c.start_conversation(contact.slot, sched))
            }
            Event::ConversationDone { contact } => self.on_conversation_done(contact.slot, sched),
            Event::AfterContactWorkDone { contact } => self.on_acw_done(contact.slot, sched),
            Event::DisconnectFlowDone { contact } => {
                self.out_of_line(|c| c.on_disconnect_flow_done(contact.slot, sched))
            }
            Event::TransferStart { contact } => {
                self.out_of_line(|c| c.on_transfer_start(contact.slot, sched))
            }
            Event::TransferFlowDone { contact } => {
                self.out_of_line(|c| c.on_transfer_flow_done(contact.slot, sched))
            }
            Event::ConsultDone { contact } => {
                self.out_of_line(|c| c.on_consult_done(contact.slot, sched))
            }
            Event::PostConsultDone { contact } => {
                self.out_of_line(|c| c.on_post_consult_done(contact.slot, sched))
            }
            Event::MissedRecovered { agent } => {
                self.out_of_line(|c| c.on_missed_recovered(agent.agent, sched))
            }
            Event::OutboundDue { agent } => {
                self.out_of_line(|c| c.on_outbound_due(agent.agent, sched))
            }
            Event::RosterDue => self.out_of_line(|c| c.on_roster_due(sched)),
            Event::AwayOver { agent } => self.out_of_line(|c| c.on_away_over(agent.agent, sched)),
            Event::AuxDue { agent } => self.out_of_line(|c| c.on_aux_due(agent.agent, sched)),
            Event::FlowEmailSent { contact } => {
                self.out_of_line(|c| c.on_flow_email_sent(contact.slot, sched))
            }
            Event::RoutingStepExpired { contact } => {
                self.out_of_line(|c| c.on_routing_step_expired(contact.slot, sched))
            }
            Event::RedialDue { redial } => self.out_of_line(|c| c.on_redial_due(redial, sched)),
            Event::CampaignOpens { campaign } => {
                self.out_of_line(|c| c.on_campaign_opens(usize::from(campaign), sched))
            }
            Event::CampaignDialDue { campaign } => {
                self.out_of_line(|c| c.on_campaign_dial_due(usize::from(campaign), sched))
            }
            Event::CampaignPreviewDone { contact } => {
                self.out_of_line(|c| c.campaign_dial(contact.slot, sched))
            }
            Event::CampaignRingDone { contact } => {
                self.out_of_line(|c| c.on_campaign_ring_done(contact.slot, sched))
            }
            Event::CampaignTalkDone { contact } => {
                self.out_of_line(|c| c.on_campaign_talk_done(contact.slot, sched))
            }
            Event::CampaignWrapUpDone { contact } => {
                self.out_of_line(|c| c.on_campaign_wrap_up_done(contact.slot, sched))
            }
            Event::CampaignMessageDone { contact } => {
                self.out_of_line(|c| c.on_campaign_message_done(contact.slot, sched))
            }
            Event::CampaignAbandonDue { contact } => {
                self.out_of_line(|c| c.on_campaign_abandon_due(contact.slot, sched))
            }
            Event::ExternalDialDue { contact } => {
                self.out_of_line(|c| c.on_external_dial_due(contact.slot, sched))
            }
            Event::ExternalRingDone { contact } => {
                self.out_of_line(|c| c.on_external_ring_done(contact.slot, sched))
            }
            Event::ExternalTalkDone { contact } => {
                self.out_of_line(|c| c.on_external_talk_done(contact.slot, sched))
            }
            Event::MonitorDone { contact } => {
                self.out_of_line(|c| c.on_monitor_done(contact.slot, sched))
            }
            Event::TaskPauseDue { contact } => {
                self.out_of_line(|c| c.on_task_pause_due(contact.slot, sched))
            }
            Event::TaskResumeDue { contact } => {
                self.out_of_line(|c| c.on_task_resume_due(contact.slot, sched))
            }
        }
        self.schedule_redials(sched);
    }

    /// The next event's contact slot and the agent it was given to (see
    /// `hint_agent`), or, for an arrival, the free slot its new contact
    /// will be written to: most of what an event's handler touches is that
    /// one contact and its agent. Only once the contacts outgrow a core's
    /// private cache ([`PREFETCH_FROM_SLOTS`]): below that they stay cached
    /// and the prefetches would be work for nothing.
    #[inline]
    fn prefetch<'q>(&self, next: impl FnOnce() -> Option<&'q Event>) {
        if self.contacts.len() < PREFETCH_FROM_SLOTS {
            return;
        }
        let Some(next) = next() else {
            return;
        };
        let (slot, with_agent) = match next {
            Event::Arrival { .. } => (self.free_slots.last().copied(), false),
            _ => (next.contact().map(|c| c.slot), true),
        };
        let Some(slot) = slot.map(|s| s as usize) else {
            return;
        };
        if let Some(contact) = self.contacts.get(slot) {
            prefetch(contact);
        }
        if with_agent {
            let agent = self.agent_hints.get(slot).copied().unwrap_or(NONE);
            if let Some(agent) = self.agents.get(agent as usize) {
                prefetch(agent);
            }
        }
    }
}
