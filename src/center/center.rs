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
//!   arrivals;
//! - otherwise events run in the order their causes happened: a contact that
//!   arrives at the instant an agent finishes ACW is routed after the agent
//!   has looked for work if the ACW end was scheduled first.

use crate::engine::{Handler, RngStreams, Scheduler, SimDuration, SimTime, StreamRng};

use super::event::{AgentRef, ContactRef, Event};
use super::ids::GroupId;
use super::record::Observer;
use super::spec::CenterSpec;
use super::state::{Agent, Contact, GroupRuntime, QueueState, SourceRuntime};

/// One replication of a contact center.
pub struct Center<'a, O: Observer> {
    pub(super) spec: &'a CenterSpec,
    pub(super) obs: O,
    pub(super) streams: RngStreams,
    pub(super) contacts: Vec<Contact>,
    /// Slots of ended contacts, reused by new ones.
    pub(super) free_slots: Vec<u32>,
    pub(super) agents: Vec<Agent>,
    pub(super) groups: Vec<GroupRuntime>,
    pub(super) queues: Vec<QueueState>,
    /// For each queue: the groups serving it, with delay and channels.
    pub(super) queue_groups: Vec<Vec<(GroupId, SimDuration, [bool; 3])>>,
    /// For each queue: the distinct positive delays of those groups.
    pub(super) queue_delays: Vec<Vec<SimDuration>>,
    pub(super) sources: Vec<SourceRuntime>,
    /// One duration stream per flow.
    pub(super) flow_rngs: Vec<StreamRng>,
    /// Active contacts per channel holding an instance line.
    pub(super) active_lines: [u32; 3],
    pub(super) next_contact_id: u64,
    /// Queue order: the next contact to enter a queue gets this key.
    pub(super) next_queue_key: u64,
    /// Idle order: the next agent to the back of it gets this key.
    pub(super) next_idle_key: u64,
    pub(super) horizon: SimTime,
}

impl<O: Observer> Handler<Event> for Center<'_, O> {
    fn handle(&mut self, event: Event, sched: &mut Scheduler<Event>) {
        // Stale events (their contact or agent has moved on) are dropped here.
        let live = |s: &Self, c: ContactRef| {
            s.contacts
                .get(c.slot as usize)
                .is_some_and(|x| x.gen == c.gen && x.live)
        };
        let waiting = |s: &Self, c: ContactRef| {
            s.contacts
                .get(c.slot as usize)
                .is_some_and(|x| x.wait_gen == c.gen && x.live)
        };
        let agent_ok = |s: &Self, a: AgentRef| {
            s.agents
                .get(a.agent as usize)
                .is_some_and(|x| x.gen == a.gen)
        };
        match event {
            Event::HorizonReached => self.on_horizon(),
            Event::ShiftChange { interval } => self.apply_headcount(interval as usize, sched),
            Event::Arrival { source } => self.on_arrival(usize::from(source), sched),
            Event::TaskStart { contact } if live(self, contact) => {
                self.on_task_start(contact.slot, sched)
            }
            Event::ApiDialDone { contact } if live(self, contact) => {
                self.on_api_dial_done(contact.slot, sched)
            }
            Event::InboundFlowDone { contact } if live(self, contact) => {
                self.on_inbound_flow_done(contact.slot, sched)
            }
            Event::PatienceExpired { contact } if waiting(self, contact) => {
                self.on_patience_expired_now(contact.slot, sched)
            }
            Event::RoutingDelayElapsed { contact } if waiting(self, contact) => {
                self.route_contact(contact.slot, sched)
            }
            Event::CallbackOffered { contact } if waiting(self, contact) => {
                self.on_callback_offered(contact.slot, sched)
            }
            Event::QueueMoveDue { contact } if waiting(self, contact) => {
                self.on_queue_move_due(contact.slot, sched)
            }
            Event::CallbackDue { contact } if waiting(self, contact) => {
                self.make_routable(contact.slot, sched)
            }
            Event::HoldPatienceExpired { contact } if waiting(self, contact) => {
                self.on_hold_patience_expired(contact.slot, sched)
            }
            Event::OfferAccepted { contact } if live(self, contact) => {
                self.on_offer_accepted(contact.slot, sched)
            }
            Event::OfferMissed { contact } if live(self, contact) => {
                self.on_offer_missed(contact.slot, sched)
            }
            Event::AgentWhisperDone { contact } if live(self, contact) => {
                self.on_agent_whisper_done(contact.slot, sched)
            }
            Event::CustomerWhisperDone { contact } if live(self, contact) => {
                self.start_conversation(contact.slot, sched)
            }
            Event::CallbackDialDone { contact } if live(self, contact) => {
                self.on_callback_dial_done(contact.slot, sched)
            }
            Event::OutboundDialDone { contact } if live(self, contact) => {
                self.on_outbound_dial_done(contact.slot, sched)
            }
            Event::OutboundWhisperDone { contact } if live(self, contact) => {
                self.start_conversation(contact.slot, sched)
            }
            Event::ConversationDone { contact } if live(self, contact) => {
                self.on_conversation_done(contact.slot, sched)
            }
            Event::AfterContactWorkDone { contact } if live(self, contact) => {
                self.on_acw_done(contact.slot, sched)
            }
            Event::DisconnectFlowDone { contact } if live(self, contact) => {
                self.on_disconnect_flow_done(contact.slot, sched)
            }
            Event::TransferStart { contact } if live(self, contact) => {
                self.on_transfer_start(contact.slot, sched)
            }
            Event::TransferFlowDone { contact } if live(self, contact) => {
                self.on_transfer_flow_done(contact.slot, sched)
            }
            Event::ConsultDone { contact } if live(self, contact) => {
                self.on_consult_done(contact.slot, sched)
            }
            Event::PostConsultDone { contact } if live(self, contact) => {
                self.on_post_consult_done(contact.slot, sched)
            }
            Event::MissedRecovered { agent } if agent_ok(self, agent) => {
                self.agents[agent.agent as usize].missed = false;
                self.move_to_back_of_idle_order(agent.agent);
                self.refresh_agent(agent.agent, sched.now());
                self.agent_pull(agent.agent, sched);
            }
            Event::OutboundDue { agent } if agent_ok(self, agent) => {
                self.on_outbound_due(agent.agent, sched)
            }
            _ => {}
        }
    }
}
