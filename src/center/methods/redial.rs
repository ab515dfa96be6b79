//! Redials after abandonment (issue 15 §5): a customer of a source with
//! `redial` who abandons in queue, or is turned away (a full queue, the
//! instance's line limit), calls again after a delay with the source's
//! probability, up to `max_tries` times — each time a new contact of the
//! same source (INBOUND or WEBRTC_API), first in its own chain: Connect
//! links a new call to nothing, only the customer's number ties them
//! together (the record's `CustomerEndpoint.Address`).
//!
//! Randomness: whether and when the customer calls again comes from the
//! source's [`Purpose::Redial`] stream, how the customer behaves on the new
//! call from its [`Purpose::RedialCustomer`] stream, each in a block of its
//! own per customer and try. The source's own streams never see a redial,
//! so a scenario's arrivals and first calls do not depend on how many
//! customers call again (common random numbers hold across staffing).

use rand::Rng;
use std::hint::cold_path;

use crate::center::center::Center;
use crate::center::event::Event;
use crate::center::ids::SourceId;
use crate::center::record::{Observer, Outcome, RedialTry};
use crate::center::spec::{InitiationMethod, RedialSpec};
use crate::center::state::{secs, Customer, Phase};
use crate::center::streams::{stream_id, Purpose, BLOCK_WORDS, FOLLOW_UP_BLOCK_WORDS};
use crate::engine::{Scheduler, SimTime, StreamRng};

/// Most redials per customer the scenario may ask for: a customer's tries
/// index the blocks of its random streams (`customer × 32 + try`).
pub const MAX_REDIAL_TRIES: u32 = 31;

/// Blocks per customer in the redial streams.
const TRIES_PER_CUSTOMER: u128 = MAX_REDIAL_TRIES as u128 + 1;

impl<O: Observer> Center<'_, O> {
    /// Marks a source's new contact as its customer's first call, if the
    /// source redials.
    pub(in crate::center) fn note_first_call(&mut self, slot: u32, s: usize, now: SimTime) {
        if self.spec.sources[s].redial.is_none() {
            return;
        }
        cold_path(); // most sources have no redials
        let c = &mut self.contacts[slot as usize];
        c.rec.redial = Some(RedialTry {
            customer: c.customer.source_seq,
            tries: 0,
            first_initiated: now,
            again: false,
        });
    }

    /// The block of customer `customer`'s try `tries` in `purpose`'s
    /// stream of source `s`, `words` long.
    fn redial_rng(
        &self,
        purpose: Purpose,
        s: SourceId,
        customer: u64,
        tries: u32,
        words: u128,
    ) -> StreamRng {
        let mut rng = self.streams.stream(stream_id(purpose, s.index()));
        let block = u128::from(customer) * TRIES_PER_CUSTOMER + u128::from(tries);
        rng.set_word_pos(block * words);
        rng
    }

    /// A call of a customer with redials ends as `outcome`: if it gave up
    /// (abandoned, turned away, blocked), the customer may call again.
    /// Called as the contact ends, before its record is reported (which
    /// then says whether a redial follows).
    pub(in crate::center) fn decide_redial(&mut self, slot: u32, outcome: Outcome, now: SimTime) {
        let c = &self.contacts[slot as usize];
        let (Some(t), Some(s)) = (c.rec.redial, c.rec.source) else {
            return;
        };
        // Most sources have no redials.
        cold_path();
        // The customer's own call: not an agent's transfer leg or a
        // callback (whose customer is not on the line waiting).
        let call = matches!(
            c.rec.method,
            InitiationMethod::Inbound
                | InitiationMethod::WebrtcApi
                | InitiationMethod::QueueTransfer
        );
        let gave_up = matches!(
            outcome,
            Outcome::Abandoned | Outcome::TurnedAway | Outcome::Blocked
        );
        let Some(spec) = &self.spec.sources[s.index()].redial else {
            return;
        };
        if !call || !gave_up || t.tries >= spec.max_tries {
            return;
        }
        let RedialSpec {
            probability, delay, ..
        } = spec;
        // Two draws, whatever they decide.
        let mut rng = self.redial_rng(Purpose::Redial, s, t.customer, t.tries, BLOCK_WORDS);
        let again = rng.gen::<f64>() < *probability;
        let delay = secs(delay.sample(&mut rng));
        // A call after the horizon is not made: the center takes no new
        // contacts then.
        if !again || now + delay >= self.horizon {
            return;
        }
        let next = RedialTry {
            tries: t.tries + 1,
            again: false,
            ..t
        };
        let r = &mut self.redials;
        let index = match r.free.pop() {
            Some(i) => {
                r.pending[i as usize] = Some((s, next));
                i
            }
            None => {
                r.pending.push(Some((s, next)));
                (r.pending.len() - 1) as u32
            }
        };
        r.decided.push((index, delay));
        if let Some(x) = self.contacts[slot as usize].rec.redial.as_mut() {
            x.again = true;
        }
    }

    /// Schedules the redials decided while the last event was handled.
    #[inline]
    pub(in crate::center) fn schedule_redials(&mut self, sched: &mut Scheduler<Event>) {
        // Called after every event, and almost always with nothing decided.
        if self.redials.decided.is_empty() {
            return;
        }
        for (redial, delay) in self.redials.decided.drain(..) {
            sched.schedule_in(delay, Event::RedialDue { redial });
        }
    }

    /// A customer calls again: a new contact of its source, with the
    /// customer's behaviour drawn afresh from its own block.
    pub(in crate::center) fn on_redial_due(&mut self, redial: u32, sched: &mut Scheduler<Event>) {
        let Some((s, t)) = self
            .redials
            .pending
            .get_mut(redial as usize)
            .and_then(Option::take)
        else {
            return;
        };
        self.redials.free.push(redial);
        let now = sched.now();
        let spec = &self.spec.sources[s.index()];
        let mut rng = self.redial_rng(
            Purpose::RedialCustomer,
            s,
            t.customer,
            t.tries,
            FOLLOW_UP_BLOCK_WORDS,
        );
        // The same draws, in the same order, as a first call's.
        let patience = spec
            .customer
            .patience
            .as_ref()
            .map(|d| secs(d.sample(&mut rng)));
        let talk = secs(spec.customer.talk.sample(&mut rng));
        let holds = Self::draw_holds(&spec.customer, &mut rng);
        let u_self: f64 = rng.gen();
        let u_queue: f64 = rng.gen();
        let u_callback: f64 = rng.gen();
        let u_stay: f64 = rng.gen();
        let flow = &self.spec.flows[spec.inbound_flow.index()];
        let (queue, overrides, routing) = self.inbound_branch(s.index(), u_queue);
        let customer = Customer {
            self_served: u_self < flow.self_service,
            patience,
            talk,
            holds,
            callback_u: u_callback,
            stays_for_disconnect: u_stay < spec.customer.stays_for_disconnect_flow,
            // The customer keeps its place: its transfer and callback blocks
            // (only one of its calls can reach an agent or take a callback).
            source_seq: t.customer,
            // Only voice sources redial (the scenario refuses `redial` on an
            // email source): no email reply to draw.
            reply: None,
        };
        let slot = self.new_contact(
            now,
            Some(s),
            spec.kind.channel(),
            spec.kind.method(),
            None,
            customer,
            overrides,
            Phase::InboundFlow,
        );
        let c = self.c(slot);
        c.target_queue = queue;
        c.routing = routing;
        c.rec.redial = Some(t);
        if self.take_line(slot) {
            self.connect_to_system(slot, now);
            self.start_inbound_flow(slot, sched);
        } else {
            self.turn_away_busy(slot, now);
        }
    }
}
