//! MONITOR: a supervisor silently monitors (or barges into) a
//! conversation.
//!
//! # As Connect has it
//!
//! Connect's contact-record data model: "a supervisor initiated monitor on
//! an agent. The supervisor can silently monitor the agent and customer, or
//! barge the conversation"; `InitiationTimestamp` is "when the supervisor
//! started listening to a contact". The MonitorContact API makes a **new
//! contact** (its own `ContactId`) for the supervisor; ccsim links it to the
//! monitored contact by `RelatedContactId` (not by the transfer chain: the
//! monitored contact's `NextContactId` stays free for its own transfer).
//! Its `Agent` is the supervisor; `SystemEndpoint` is not populated for
//! MONITOR (DescribeContact).
//!
//! # What ccsim models
//!
//! A supervisor group watches some queues. When a conversation (voice or
//! chat) from a watched queue starts, it is chosen for monitoring with the
//! group's `share` (two draws per watched conversation: whether, and the
//! listen time). A chosen conversation takes the supervisor free longest;
//! with none free it is not monitored, and its record says so (missed).
//! The supervisor listens for the listen time, cut at the end of the
//! monitored conversation (its agent's disconnect), then is free again.
//! Supervisors are not agents: they take nothing from queues, and their
//! busy time is their group's occupancy, never an agent group's. Barging
//! changes nothing ccsim models (the supervisor is busy either way), so it
//! is not told apart.

use rand::Rng;
use std::hint::cold_path;

use crate::center::center::Center;
use crate::center::event::Event;
use crate::center::record::{DisconnectReason, Monitoring, Observer, Outcome};
use crate::center::spec::{Channel, FlowOverrides, InitiationMethod};
use crate::center::state::{secs, Customer, Phase, NONE};
use crate::engine::{Scheduler, SimTime};

impl<O: Observer> Center<'_, O> {
    /// The conversation in `slot` starts: if a supervisor group watches its
    /// queue, it may be monitored (see the module doc). Costs one lookup
    /// when no group watches the queue.
    pub(in crate::center) fn start_monitor(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let c = &self.contacts[slot as usize];
        if c.rec.monitoring.is_some() || !matches!(c.rec.channel, Channel::Voice | Channel::Chat) {
            return;
        }
        let Some(g) = c
            .rec
            .queue
            .and_then(|q| self.supervisors.by_queue.get(q.index()).copied().flatten())
        else {
            return;
        };
        cold_path(); // a watched queue: most centers have none
        let g = usize::from(g);
        let spec = &self.spec.supervisor_groups[g];
        let rt = &mut self.supervisors.groups[g];
        let u: f64 = rt.rng.gen();
        let listen = secs(spec.listen.sample(&mut rt.rng));
        if u >= spec.share {
            return;
        }
        let Some(supervisor) = rt.free.pop_front() else {
            self.c(slot).rec.monitoring = Some(Monitoring::Missed(g as u16));
            return;
        };
        let now = sched.now();
        let c = &self.contacts[slot as usize];
        let (source, channel, id, chain) =
            (c.rec.source, c.rec.channel, c.rec.id, c.rec.chain_initiated);
        let m = self.new_contact(
            now,
            source,
            channel,
            InitiationMethod::Monitor,
            None,
            Customer::default(),
            FlowOverrides::default(),
            Phase::Talking,
        );
        let mc = self.c(m);
        mc.rec.related_id = Some(id);
        // Counted with the conversation it monitors (window and interval).
        mc.rec.chain_initiated = chain;
        mc.rec.connected_to_system = Some(now);
        mc.rec.connected = Some(now);
        mc.rec.supervisor = Some((supervisor, g as u16));
        mc.peer = slot;
        let c = self.c(slot);
        c.monitor = m;
        c.rec.monitoring = Some(Monitoring::Monitored(g as u16));
        sched.schedule_in(
            listen,
            Event::MonitorDone {
                contact: self.cref(m),
            },
        );
    }

    /// The supervisor's listen time is over.
    pub(in crate::center) fn on_monitor_done(&mut self, m: u32, sched: &mut Scheduler<Event>) {
        self.end_monitor_contact(m, sched.now(), DisconnectReason::AgentDisconnect);
    }

    /// The monitored conversation in `slot` ends (its agent disconnects):
    /// a supervisor still listening leaves with it.
    pub(in crate::center) fn end_monitor(&mut self, slot: u32, now: SimTime) {
        let m = self.contacts[slot as usize].monitor;
        if m != NONE {
            self.end_monitor_contact(m, now, DisconnectReason::CustomerDisconnect);
        }
    }

    /// Ends the MONITOR contact `m`: its supervisor is free again.
    fn end_monitor_contact(&mut self, m: u32, now: SimTime, reason: DisconnectReason) {
        let mc = self.c(m);
        let monitored = std::mem::replace(&mut mc.peer, NONE);
        if let Some(t) = mc.rec.connected {
            mc.rec.talk = now - t;
        }
        let supervisor = mc.rec.supervisor;
        if monitored != NONE {
            self.c(monitored).monitor = NONE;
        }
        self.disconnect(m, now, reason);
        self.end_contact(m, Outcome::Handled, now);
        if let Some((s, g)) = supervisor {
            self.supervisors.groups[usize::from(g)].free.push_back(s);
        }
    }
}
