//! The contact arena and what every contact goes through whatever its
//! method: creation (and its link to the contact it came from), references
//! for events, instance lines, disconnect and end, and the flows played to
//! it.

use crate::engine::{SimDuration, SimTime};

use super::center::{Center, PREFETCH_FROM_SLOTS};
use super::event::ContactRef;
use super::ids::{FlowId, SourceId};
use super::record::{ContactRecord, DisconnectReason, FlowPlay, Observer, Outcome, Party};
use super::spec::{Channel, FlowOverrides, FlowType, InitiationMethod, MAX_WHISPER};
use super::state::{secs, Contact, Customer, Phase, NONE};

impl<O: Observer> Center<'_, O> {
    /// Creates a contact and returns its slot. `previous` links it to the
    /// contact it was created from (transfer, callback, queue move,
    /// disconnect-flow follow-up), whose `NextContactId` is set.
    #[allow(clippy::too_many_arguments)]
    #[inline(never)]
    pub(super) fn new_contact(
        &mut self,
        now: SimTime,
        source: Option<SourceId>,
        channel: Channel,
        method: InitiationMethod,
        previous: Option<u32>,
        customer: Customer,
        overrides: FlowOverrides,
        phase: Phase,
    ) -> u32 {
        self.new_contact_inline(
            now, source, channel, method, previous, customer, overrides, phase,
        )
    }

    /// [`Center::new_contact`], inlined. A source's arrival (the path of
    /// every contact a source brings) calls this one: through the call,
    /// the customer and its flow settings were copied to the stack for it,
    /// and the contact built apart from the code that drew them. Inlined
    /// there, an M/M/20 run takes 2.2 % fewer instructions (callgrind). The
    /// other callers (campaigns, callbacks, transfers, follow-ups), far
    /// rarer, keep the call (its code is large).
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    pub(super) fn new_contact_inline(
        &mut self,
        now: SimTime,
        source: Option<SourceId>,
        channel: Channel,
        method: InitiationMethod,
        previous: Option<u32>,
        mut customer: Customer,
        overrides: FlowOverrides,
        phase: Phase,
    ) -> u32 {
        let id = self.next_contact_id;
        self.next_contact_id += 1;
        let mut rec = ContactRecord::new(id, source, channel, method, now);
        if let Some(p) = previous {
            rec.follow(&mut self.contacts[p as usize].rec);
            // The same customer's call goes on (redials count its calls).
            rec.redial = self.contacts[p as usize].rec.redial;
            if method != InitiationMethod::Callback {
                // A new leg of a customer already on the line (a callback
                // connects when Connect's dial is answered).
                rec.connected_to_system = Some(now);
            }
        }
        // Holds are a voice conversation's: another channel's contact
        // keeps none of those drawn for its customer (moved, not cloned).
        if channel != Channel::Voice {
            customer.holds = Vec::new();
        }
        rec.patience = customer.patience;
        rec.talk = customer.talk;
        rec.set_holds(&customer.holds);
        match self.free_slots.pop() {
            Some(slot) => {
                // Renewed in place: a contact built aside and moved in
                // would be copied whole.
                self.contacts[slot as usize].renew(phase, customer, overrides, rec);
                slot
            }
            None => {
                self.contacts
                    .push(Contact::new(phase, customer, overrides, rec));
                (self.contacts.len() - 1) as u32
            }
        }
    }

    /// Notes that the contact in `slot` is with agent `a`, for
    /// [`Handler::prefetch`](crate::engine::Handler::prefetch) to fetch the
    /// agent with the contact. A hint only: the model never reads it, and
    /// a stale one (the slot since reused) costs one wasted prefetch.
    /// Kept only while the handler prefetches (its contacts outgrew the
    /// cache, [`PREFETCH_FROM_SLOTS`]): below that nobody reads them, and
    /// a contact offered before has no hint, which only spares a
    /// prefetch.
    #[inline]
    pub(super) fn hint_agent(&mut self, slot: u32, a: u32) {
        if self.contacts.len() >= PREFETCH_FROM_SLOTS {
            self.store_agent_hint(slot, a);
        }
    }

    /// [`Center::hint_agent`] where the handler prefetches.
    #[inline(never)]
    fn store_agent_hint(&mut self, slot: u32, a: u32) {
        let i = slot as usize;
        if self.agent_hints.len() <= i {
            self.agent_hints.resize(i + 1, NONE);
        }
        self.agent_hints[i] = a;
    }

    /// The contact's reference for an event of its course.
    pub(super) fn cref(&self, slot: u32) -> ContactRef {
        ContactRef {
            slot,
            gen: self.contacts[slot as usize].gen,
        }
    }

    /// The contact's reference for a timer of its wait in queue.
    pub(super) fn wref(&self, slot: u32) -> ContactRef {
        ContactRef {
            slot,
            gen: self.contacts[slot as usize].wait_gen,
        }
    }

    /// The contact in `slot`.
    pub(super) fn c(&mut self, slot: u32) -> &mut Contact {
        &mut self.contacts[slot as usize]
    }

    /// The customer's endpoint connects to the center now
    /// (`ConnectedToSystemTimestamp`).
    pub(super) fn connect_to_system(&mut self, slot: u32, now: SimTime) {
        self.contacts[slot as usize].rec.connected_to_system = Some(now);
    }

    /// Takes an instance line of `channel` for the contact; `false` when the
    /// instance is at its limit (the caller turns the contact away).
    pub(super) fn take_line(&mut self, slot: u32) -> bool {
        let ch = self.contacts[slot as usize].rec.channel.index();
        if self.spec.instance_limits[ch].is_some_and(|l| self.active_lines[ch] >= l) {
            return false;
        }
        self.active_lines[ch] += 1;
        self.contacts[slot as usize].holds_line = true;
        true
    }

    /// Hands the contact's instance line to `to` (the same call goes on as
    /// a new contact record).
    pub(super) fn pass_line(&mut self, from: u32, to: u32) {
        if std::mem::take(&mut self.contacts[from as usize].holds_line) {
            self.contacts[to as usize].holds_line = true;
        }
    }

    /// Frees the contact's instance line, if it holds one.
    pub(super) fn release_line(&mut self, slot: u32) {
        let c = &mut self.contacts[slot as usize];
        if std::mem::take(&mut c.holds_line) {
            let ch = c.rec.channel.index();
            self.active_lines[ch] = self.active_lines[ch].saturating_sub(1);
        }
    }

    /// Records the disconnect (and frees the line), without ending the
    /// contact: ACW may follow.
    pub(super) fn disconnect(&mut self, slot: u32, now: SimTime, reason: DisconnectReason) {
        let c = &mut self.contacts[slot as usize];
        if c.rec.disconnected.is_none() {
            c.rec.disconnected = Some(now);
            c.rec.disconnect_reason = Some(reason);
        }
        self.release_line(slot);
    }

    /// The contact is over: report it and free its slot.
    pub(super) fn end_contact(&mut self, slot: u32, outcome: Outcome, now: SimTime) {
        if self.contacts[slot as usize].in_queue {
            self.leave_queue(slot, now);
        }
        self.disconnect(slot, now, DisconnectReason::CustomerDisconnect);
        self.decide_redial(slot, outcome, now);
        let c = &mut self.contacts[slot as usize];
        c.rec.outcome = outcome;
        c.live = false;
        c.gen.bump();
        c.wait_gen.bump();
        self.obs.contact_ended(&c.rec);
        self.free_slots.push(slot);
    }

    /// Plays `flow` for the contact; returns its duration (whispers capped
    /// at two minutes, as Connect cuts them). Inline: a contact plays
    /// about four flows, most of them constants (a zero-length whisper),
    /// for which the call cost as much as the rest.
    #[inline(always)]
    pub(super) fn play(
        &mut self,
        slot: u32,
        flow: FlowId,
        party: Party,
        now: SimTime,
    ) -> SimDuration {
        let f = &self.spec.flows[flow.index()];
        let mut d = match &f.duration {
            Some(dist) => secs(dist.sample(&mut self.flow_rngs[flow.index()])),
            None => SimDuration::ZERO,
        };
        let c = &mut self.contacts[slot as usize];
        if f.flow_type.is_whisper() && d > MAX_WHISPER {
            d = MAX_WHISPER;
            c.rec.whispers_capped += 1;
        }
        let duration = if f.flow_type.is_looping() {
            None
        } else {
            Some(d)
        };
        self.obs.flow_played(&FlowPlay {
            contact: c.rec.id,
            flow,
            party,
            start: now,
            duration,
        });
        d
    }

    /// The whisper flow of type `t` (agent or customer whisper) that plays
    /// for this contact, if any: its own setting, else the default — on
    /// voice only. Connect plays no default whisper on chat and task: those
    /// hear a whisper only when a Set whisper flow block set one.
    pub(super) fn whisper_for(&self, slot: u32, t: FlowType) -> Option<FlowId> {
        let c = &self.contacts[slot as usize];
        let set = match t {
            FlowType::AgentWhisper => c.overrides.agent_whisper,
            FlowType::CustomerWhisper => c.overrides.customer_whisper,
            _ => None,
        };
        if set.is_none() && c.rec.channel != Channel::Voice {
            return None;
        }
        Some(self.flow_for(slot, t))
    }

    /// The flow of type `t` that plays for this contact: its own setting,
    /// else the default.
    pub(super) fn flow_for(&self, slot: u32, t: FlowType) -> FlowId {
        let o = &self.contacts[slot as usize].overrides;
        let set = match t {
            FlowType::CustomerQueue => o.customer_queue,
            FlowType::CustomerHold => o.customer_hold,
            FlowType::AgentHold => o.agent_hold,
            FlowType::AgentWhisper => o.agent_whisper,
            FlowType::CustomerWhisper => o.customer_whisper,
            FlowType::OutboundWhisper => o.outbound_whisper,
            _ => None,
        };
        set.unwrap_or_else(|| self.spec.defaults.get(t))
    }
}
