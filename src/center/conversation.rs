//! The common path from an accepted offer to the end of the contact: the
//! agent whisper, the customer whisper (the defaults on voice only: a chat
//! or task hears a whisper only when one is set), the conversation (talk and holds,
//! or talk up to a transfer), after-contact work; and the customer who
//! hangs up while waiting (patience). What differs per initiation method
//! branches off into [`methods`](super::methods).

use crate::engine::{Scheduler, SimDuration, SimTime};
use std::hint::cold_path;

use super::center::Center;
use super::event::Event;
use super::record::{DisconnectReason, FlowPlay, Observer, Outcome, Party};
use super::spec::{FlowType, InitiationMethod};
use super::state::{secs, Phase, NONE};

impl<O: Observer> Center<'_, O> {
    /// The agent accepted the offer: the agent whisper plays to it (the
    /// customer is still in queue).
    pub(super) fn on_offer_accepted(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let a = self.contacts[slot as usize].agent;
        let group = self.agents[a as usize].group;
        let c = &mut self.contacts[slot as usize];
        c.phase = Phase::AgentWhisper;
        c.rec.accepted = Some(now);
        c.rec.agent = Some((a, group));
        if c.rec.method == InitiationMethod::Callback {
            cold_path();
            // Nobody waits on the line: Connect dequeues a callback when the
            // agent accepts it (MODEL: `DequeueTimestamp` is the accept).
            self.leave_queue(slot, now);
        }
        let d = match self.whisper_for(slot, FlowType::AgentWhisper) {
            Some(flow) => self.play(slot, flow, Party::Agent, now),
            None => SimDuration::ZERO, // chat or task with no whisper set
        };
        self.contacts[slot as usize].rec.agent_whisper = d;
        if self.chain_now(d, sched) {
            self.agent_whisper_done(slot, sched);
        } else {
            sched.schedule_in(
                d,
                Event::AgentWhisperDone {
                    contact: self.cref(slot),
                },
            );
        }
    }

    /// The agent whisper ended: the customer leaves the queue (a callback
    /// left it at the accept); the customer whisper plays (a callback
    /// dials, a transfer leg consults first).
    #[inline(never)]
    pub(super) fn on_agent_whisper_done(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        self.agent_whisper_done(slot, sched);
    }

    /// [`Center::on_agent_whisper_done`], inlined where a whisper that
    /// takes no time ends at once, the accept's last act. (With
    /// [`Center::acw_done`], callgrind: an M/M/20 run 1.0 % fewer
    /// instructions than through the calls.)
    #[inline(always)]
    fn agent_whisper_done(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        // The customer leaves the queue only now: Connect counts the agent
        // whisper as queue time.
        self.leave_queue(slot, now);
        match self.contacts[slot as usize].rec.method {
            InitiationMethod::Callback => {
                cold_path();
                self.dial_callback(slot, sched)
            }
            InitiationMethod::Transfer => {
                cold_path();
                self.transfer_leg_whispered(slot, sched)
            }
            _ => {
                self.contacts[slot as usize].phase = Phase::CustomerWhisper;
                let d = match self.whisper_for(slot, FlowType::CustomerWhisper) {
                    Some(flow) => self.play(slot, flow, Party::Customer, now),
                    None => SimDuration::ZERO, // chat or task with no whisper set
                };
                self.contacts[slot as usize].rec.customer_whisper = d;
                if self.chain_now(d, sched) {
                    self.start_conversation(slot, sched);
                } else {
                    sched.schedule_in(
                        d,
                        Event::CustomerWhisperDone {
                            contact: self.cref(slot),
                        },
                    );
                }
            }
        }
    }

    /// The conversation starts: talk (with holds, on voice), unless the agent
    /// will transfer the contact part-way.
    pub(super) fn start_conversation(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let c = &mut self.contacts[slot as usize];
        c.phase = Phase::Talking;
        if c.rec.connected.is_none() {
            c.rec.connected = Some(now);
        }
        self.start_monitor(slot, sched);
        if let Some(after) = self.plan_transfer(slot) {
            sched.schedule_in(
                after,
                Event::TransferStart {
                    contact: self.cref(slot),
                },
            );
            return;
        }
        if self.pause_during_work(slot, self.contacts[slot as usize].rec.talk, sched) {
            return; // a task that pauses (holds are voice only)
        }
        let c = &mut self.contacts[slot as usize];
        let talk = c.rec.talk;
        let total = talk + c.rec.hold_total;
        // Holds split the talk into equal parts; each plays the customer
        // hold flow to the customer and the agent hold flow to the agent.
        let holds = std::mem::take(&mut c.customer.holds);
        let n = holds.len() as u64;
        let mut t = now;
        let customer_hold = self.flow_for(slot, FlowType::CustomerHold);
        let agent_hold = self.flow_for(slot, FlowType::AgentHold);
        let id = self.contacts[slot as usize].rec.id;
        for (k, h) in holds.iter().enumerate() {
            cold_path(); // most customers never hold
            let ms = talk.as_millis();
            t += SimDuration(ms * (k as u64 + 1) / (n + 1) - ms * k as u64 / (n + 1));
            for (flow, party) in [(customer_hold, Party::Customer), (agent_hold, Party::Agent)] {
                self.obs.flow_played(&FlowPlay {
                    contact: id,
                    flow,
                    party,
                    start: t,
                    duration: Some(*h),
                });
            }
            t += *h;
        }
        // An external party is dialled once the customer's talk is over.
        let contact = self.cref(slot);
        let done = match self.plan_external(slot) {
            true => Event::ExternalDialDue { contact },
            false => Event::ConversationDone { contact },
        };
        sched.schedule_in(total, done);
    }

    /// The conversation ended: the customer hangs up — or the agent does,
    /// and the customer stays on the contact for its disconnect flow — and
    /// the agent starts after-contact work.
    pub(super) fn on_conversation_done(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        self.end_conversation(slot, sched, true);
    }

    /// The conversation ends (see [`Center::on_conversation_done`]). With
    /// `last` (the handler does nothing after it), ACW that takes no time
    /// ends at once ([`Center::chain_now`]).
    pub(super) fn end_conversation(&mut self, slot: u32, sched: &mut Scheduler<Event>, last: bool) {
        if self.email_conversation_done(slot, sched) {
            return; // an email replied to, or a reply sent
        }
        let now = sched.now();
        match self.disconnect_flow_for(slot) {
            // The contact keeps its line until the flow ends.
            Some(flow) => self.start_disconnect_flow(slot, flow, sched),
            None => self.disconnect(slot, now, DisconnectReason::CustomerDisconnect),
        }
        let d = self.begin_acw(slot, now);
        if last && self.chain_now(d, sched) {
            self.acw_done(slot, sched);
        } else {
            self.schedule_acw_done(slot, d, sched);
        }
    }

    /// After-contact work for the contact's agent.
    pub(super) fn start_acw(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let d = self.begin_acw(slot, sched.now());
        self.schedule_acw_done(slot, d, sched);
    }

    /// Schedules the end of the contact's after-contact work, `d` from now.
    fn schedule_acw_done(&mut self, slot: u32, d: SimDuration, sched: &mut Scheduler<Event>) {
        sched.schedule_in(
            d,
            Event::AfterContactWorkDone {
                contact: self.cref(slot),
            },
        );
    }

    /// Starts after-contact work for the contact's agent; returns how long
    /// it takes. Inlined always: small, at two call sites, and every
    /// conversation's end runs it.
    #[inline(always)]
    fn begin_acw(&mut self, slot: u32, now: SimTime) -> SimDuration {
        // The agent's disconnect ends the conversation a supervisor may
        // be monitoring.
        self.end_monitor(slot, now);
        let c = &self.contacts[slot as usize];
        let (ch, is_callback) = (c.rec.channel, c.rec.method == InitiationMethod::Callback);
        let g = self.agents[c.agent as usize].group;
        // One draw from the group's ACW stream whatever the channel: a
        // scenario without per-channel ACW draws exactly as before.
        let d = secs(
            self.spec.groups[g.index()]
                .acw(ch, is_callback)
                .sample(&mut self.groups[g.index()].acw),
        );
        let c = &mut self.contacts[slot as usize];
        c.phase = Phase::AfterContactWork;
        c.rec.acw = d;
        d
    }

    /// After-contact work ended: the agent is free, and the contact is over
    /// — unless its customer still hears the disconnect flow, with which it
    /// then ends.
    #[inline(never)]
    pub(super) fn on_acw_done(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        self.acw_done(slot, sched);
    }

    /// [`Center::on_acw_done`], inlined where after-contact work that
    /// takes no time ends at once, the conversation's last act.
    #[inline(always)]
    fn acw_done(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        self.contacts[slot as usize].rec.acw_end = Some(now);
        self.release_agent(slot, true, sched);
        if self.contacts[slot as usize].in_disconnect_flow {
            self.c(slot).phase = Phase::DisconnectFlow;
            return;
        }
        self.end_worked_contact(slot, now);
    }

    /// Ends a contact an agent worked to the end of its ACW: handled,
    /// unless it already ended otherwise (an unanswered outbound call).
    pub(super) fn end_worked_contact(&mut self, slot: u32, now: SimTime) {
        let outcome = match self.contacts[slot as usize].rec.outcome {
            Outcome::InProgress => Outcome::Handled,
            o => o,
        };
        self.end_contact(slot, outcome, now);
    }

    // --- the customer hangs up --------------------------------------------------------

    /// Whether the customer whose patience runs out now was offered to an
    /// agent at this very instant. Routing at an instant comes before
    /// patience at that instant (patience events are late), so that offer
    /// stands: the customer stays, its patience spent — if the offer fails,
    /// it leaves then (see `make_routable_again`). An offer made earlier and
    /// still ringing, or an agent whisper in progress, does not save it: the
    /// customer is still in queue and hangs up.
    pub(super) fn offered_this_instant(&mut self, slot: u32, now: SimTime) -> bool {
        let c = &mut self.contacts[slot as usize];
        let kept =
            matches!(c.phase, Phase::Offered | Phase::AgentWhisper) && c.rec.offered == Some(now);
        if kept {
            c.patience_spent = true;
        }
        kept
    }

    /// The customer waiting in queue hangs up (patience, or hold patience
    /// during a transfer) — unless an agent was offered it at this instant.
    pub(super) fn on_patience_expired_now(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let phase = self.contacts[slot as usize].phase;
        if !matches!(phase, Phase::Queued | Phase::Offered | Phase::AgentWhisper)
            || self.offered_this_instant(slot, now)
        {
            return;
        }
        let c = &mut self.contacts[slot as usize];
        c.gen.bump(); // voids a pending accept, miss or whisper end
        c.rec.offered = None;
        c.rec.accepted = None;
        c.rec.agent = None;
        c.rec.agent_whisper = SimDuration::ZERO;
        let a = c.agent;
        self.leave_queue(slot, now);
        self.disconnect(slot, now, DisconnectReason::CustomerDisconnect);
        if a != NONE {
            // The offer is withdrawn: a ringing agent keeps its place in the
            // idle order; one already whispering has worked on the contact.
            self.release_agent(slot, phase == Phase::AgentWhisper, sched);
        }
        self.end_contact(slot, Outcome::Abandoned, now);
    }
}
