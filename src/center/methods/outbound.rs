//! OUTBOUND: an agent dials from the CCP. Each agent of a group with an
//! outbound behaviour has a Poisson clock; when it ticks and the agent is
//! free with nothing waiting for it, the agent dials: ringing, then the
//! callee answers (the outbound whisper of the agent's outbound queue plays
//! to the callee — Connect's default if it sets none —, then the
//! conversation) or not; after-contact work follows either way. The agent's
//! time runs from the dial to the end of ACW.

use rand::Rng;
use rand_distr::{Distribution, Exp};

use crate::center::center::Center;
use crate::center::event::Event;
use crate::center::record::{DisconnectReason, Observer, Outcome, Party};
use crate::center::spec::{Channel, FlowOverrides, FlowType, InitiationMethod};
use crate::center::state::{secs, Customer, Phase};
use crate::engine::Scheduler;

impl<O: Observer> Center<'_, O> {
    /// Schedules the agent's next outbound tick, if its group dials out.
    pub(in crate::center) fn start_outbound_clock(&mut self, a: u32, sched: &mut Scheduler<Event>) {
        let g = self.agents[a as usize].group;
        let Some(ob) = &self.spec.groups[g.index()].outbound else {
            return;
        };
        let Ok(exp) = Exp::new(ob.calls_per_hour / 3600.0) else {
            return;
        };
        let gap = secs(exp.sample(&mut self.groups[g.index()].outbound));
        sched.schedule_in(
            gap,
            Event::OutboundDue {
                agent: self.agent_ref(a),
            },
        );
    }

    /// The tick: dial if the agent is free and nothing waits for it.
    pub(in crate::center) fn on_outbound_due(&mut self, a: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        if now >= self.horizon {
            return; // the center has closed: no more dialling
        }
        self.start_outbound_clock(a, sched);
        let ag = &self.agents[a as usize];
        let free = ag.on_shift && !ag.leaving && !ag.missed && ag.load.iter().all(|l| *l == 0);
        if !free {
            return;
        }
        let g = ag.group;
        let Some(ob) = &self.spec.groups[g.index()].outbound else {
            return;
        };
        // What the callee does: three draws per call.
        let rng = &mut self.groups[g.index()].outbound;
        let ring = secs(ob.ring.sample(rng));
        let answered = rng.gen::<f64>() < ob.answer_probability;
        let talk = secs(ob.talk.sample(rng));
        let customer = Customer {
            talk,
            ..Customer::default()
        };
        // The call goes out through the profile's default outbound queue:
        // its outbound whisper plays (else Connect's default), and the
        // record names it.
        let outbound_queue =
            self.spec.profiles[self.spec.groups[g.index()].profile.index()].outbound_queue;
        let overrides = FlowOverrides {
            outbound_whisper: outbound_queue
                .and_then(|q| self.spec.queues[q.index()].outbound_whisper),
            ..FlowOverrides::default()
        };
        let slot = self.new_contact(
            now,
            None,
            Channel::Voice,
            InitiationMethod::Outbound,
            None,
            customer,
            overrides,
            Phase::OutboundDial,
        );
        self.c(slot).rec.outbound_queue = outbound_queue;
        if !self.take_line(slot) {
            self.turn_away_busy(slot, now);
            return;
        }
        self.hint_agent(slot, a);
        let c = self.c(slot);
        c.agent = a;
        c.dial_answered = answered;
        c.rec.dial_ring = ring;
        c.rec.offered = Some(now);
        c.rec.accepted = Some(now);
        c.rec.agent = Some((a, g));
        self.agents[a as usize].load[Channel::Voice.index()] += 1;
        self.refresh_agent(a, now);
        sched.schedule_in(
            ring,
            Event::OutboundDialDone {
                contact: self.cref(slot),
            },
        );
    }

    /// The callee answered (outbound whisper, then talk) or not (ACW).
    pub(in crate::center) fn on_outbound_dial_done(
        &mut self,
        slot: u32,
        sched: &mut Scheduler<Event>,
    ) {
        let now = sched.now();
        if self.contacts[slot as usize].dial_answered {
            self.connect_to_system(slot, now);
            self.c(slot).phase = Phase::OutboundWhisper;
            let flow = self.flow_for(slot, FlowType::OutboundWhisper);
            let d = self.play(slot, flow, Party::Customer, now);
            self.c(slot).rec.outbound_whisper = d;
            sched.schedule_in(
                d,
                Event::OutboundWhisperDone {
                    contact: self.cref(slot),
                },
            );
        } else {
            self.disconnect(slot, now, DisconnectReason::TelecomUnanswered);
            self.c(slot).rec.outcome = Outcome::Unanswered;
            self.start_acw(slot, sched);
        }
    }
}
