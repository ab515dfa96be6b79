//! The run loop: pop the earliest event, hand it to the model, repeat.

use super::queue::EventQueue;
use super::time::{SimDuration, SimTime};

/// What a model's handler may do while handling an event: read the clock and
/// schedule further events.
pub struct Scheduler<E> {
    now: SimTime,
    queue: EventQueue<E>,
    events_handled: u64,
}

impl<E> Scheduler<E> {
    /// The current virtual time.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Schedules `event` at the absolute time `at` (never earlier than now: an
    /// event in the past runs now, after the ones already due).
    pub fn schedule_at(&mut self, at: SimTime, event: E) {
        self.queue.push(at.max(self.now), event);
    }

    /// Schedules `event` after `delay` from now.
    pub fn schedule_in(&mut self, delay: SimDuration, event: E) {
        self.queue.push(self.now + delay, event);
    }

    /// Schedules `event` after `delay` from now, as a *late* event: at its
    /// instant it runs after every ordinary event of that instant (those
    /// scheduled later for the same instant included). For a deadline
    /// that must lose a same-instant tie to whatever else happens then.
    pub fn schedule_in_late(&mut self, delay: SimDuration, event: E) {
        self.queue.push_late(self.now + delay, event);
    }

    /// Number of events handed to the handler so far.
    pub fn events_handled(&self) -> u64 {
        self.events_handled
    }

    /// Number of events pending.
    pub fn pending(&self) -> usize {
        self.queue.len()
    }
}

/// A model driven by the engine.
pub trait Handler<E> {
    /// Handles one event at `sched.now()`.
    fn handle(&mut self, event: E, sched: &mut Scheduler<E>);
}

/// A simulation: the clock and pending events of one run.
pub struct Simulation<E> {
    sched: Scheduler<E>,
}

impl<E> Default for Simulation<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> Simulation<E> {
    /// A simulation at time zero with nothing scheduled.
    pub fn new() -> Self {
        Simulation {
            sched: Scheduler {
                now: SimTime::ZERO,
                queue: EventQueue::with_capacity(1024),
                events_handled: 0,
            },
        }
    }

    /// The scheduler, to seed initial events before running.
    pub fn scheduler(&mut self) -> &mut Scheduler<E> {
        &mut self.sched
    }

    /// Runs events in order until none is left or the next one is later than
    /// `until`; the clock then stands at the last event handled. Returns the
    /// number of events handled by this call.
    pub fn run_until<H: Handler<E>>(&mut self, until: SimTime, handler: &mut H) -> u64 {
        let start = self.sched.events_handled;
        while let Some(t) = self.sched.queue.peek_time() {
            if t > until {
                break;
            }
            let Some((time, event)) = self.sched.queue.pop() else {
                break;
            };
            self.sched.now = time;
            self.sched.events_handled += 1;
            handler.handle(event, &mut self.sched);
        }
        self.sched.events_handled - start
    }

    /// The current virtual time.
    pub fn now(&self) -> SimTime {
        self.sched.now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Echo(Vec<(u64, u32)>);

    impl Handler<u32> for Echo {
        fn handle(&mut self, e: u32, s: &mut Scheduler<u32>) {
            self.0.push((s.now().0, e));
            if e < 3 {
                s.schedule_in(SimDuration(10), e + 1);
                s.schedule_in(SimDuration::ZERO, 100 + e);
            }
        }
    }

    #[test]
    fn runs_in_time_then_fifo_order_and_stops_at_the_horizon() {
        let mut sim = Simulation::new();
        sim.scheduler().schedule_at(SimTime(5), 0);
        let mut h = Echo(Vec::new());
        let n = sim.run_until(SimTime(25), &mut h);
        assert_eq!(
            h.0,
            vec![(5, 0), (5, 100), (15, 1), (15, 101), (25, 2), (25, 102)]
        );
        assert_eq!(n, 6);
        assert_eq!(sim.now(), SimTime(25));
        // The event at 35 is still pending and runs on the next call.
        sim.run_until(SimTime::MAX, &mut h);
        assert_eq!(h.0.last(), Some(&(35, 3)));
    }

    /// Schedules, while handling 0, an ordinary event for the same instant.
    struct Chain(Vec<u32>);

    impl Handler<u32> for Chain {
        fn handle(&mut self, e: u32, s: &mut Scheduler<u32>) {
            self.0.push(e);
            if e == 0 {
                s.schedule_in(SimDuration::ZERO, 1);
            }
        }
    }

    #[test]
    fn a_late_event_runs_after_ordinary_events_scheduled_during_its_instant() {
        let mut sim = Simulation::new();
        sim.scheduler().schedule_in_late(SimDuration(5), 9);
        sim.scheduler().schedule_at(SimTime(5), 0);
        let mut h = Chain(Vec::new());
        sim.run_until(SimTime::MAX, &mut h);
        assert_eq!(h.0, vec![0, 1, 9]);
    }
}
