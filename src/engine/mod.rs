//! The simulation engine: virtual time, the event queue, the run loop, random
//! streams and distributions. It knows nothing of contact centers — the model
//! that sits on top supplies its own event type and handler.
//!
//! # Event order
//!
//! Events are totally ordered by `(time, seq)`: earlier virtual time first and,
//! at the same millisecond, the event that was *scheduled* first runs first
//! (FIFO). `seq` is a counter the queue assigns on every push, so the order
//! never depends on the event's payload, on a hash, or on thread timing. That
//! makes every run reproducible and lets a model document its same-instant
//! order simply by saying what it schedules when.
//!
//! One refinement: an event scheduled as *late*
//! ([`Scheduler::schedule_in_late`]) runs after every ordinary event of its
//! instant — also those scheduled for that instant after it — and late
//! events among themselves run FIFO. A model uses it for a deadline that
//! must lose a same-instant tie to anything else happening then (ccsim: a
//! customer's patience loses to routing at the same millisecond). The order
//! is still total: `(time, seq)` with the late bit in `seq`.
//!
//! # Time must move
//!
//! A model whose events keep scheduling each other at the same instant
//! would spin forever without the clock advancing. The run loop counts the
//! events of each instant and stops for good past [`INSTANT_EVENT_LIMIT`],
//! reporting a [`Stall`] ([`Simulation::stalled`]) for the caller to turn
//! into an error: a zero-time loop costs about a second, never a hang.
//!
//! # Cancellation
//!
//! Timers are cancelled lazily: the model stamps an event with a generation
//! ([`Generation`]) and ignores it on pop when the generation has moved on,
//! instead of searching the heap.

pub mod dist;
mod heap;
pub mod prefetch;
pub mod queue;
pub mod rng;
pub mod sim;
pub mod time;

pub use dist::{Dist, DistError};
pub use queue::EventQueue;
pub use rng::{RngStreams, StreamRng};
pub use sim::{Handler, Scheduler, Simulation, Stall, INSTANT_EVENT_LIMIT};
pub use time::{SimDuration, SimTime};

/// A generation counter for lazy cancellation: an event scheduled with the
/// generation current at the time is stale once the counter has been bumped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Generation(pub u32);

impl Generation {
    /// Moves to the next generation, making every event stamped with the old
    /// one stale.
    pub fn bump(&mut self) {
        self.0 = self.0.wrapping_add(1);
    }
}
