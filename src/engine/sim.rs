//! The run loop: pop the earliest event, hand it to the model, repeat —
//! with one guard: virtual time must move. A model whose events keep
//! scheduling each other at the same millisecond would spin forever without
//! the clock advancing; the loop stops once one instant holds more than
//! [`INSTANT_EVENT_LIMIT`] events and reports it as a [`Stall`], so a
//! zero-time loop is an error the caller can report, never a hang.
//!
//! Many of a model's steps take no time (a zero-length whisper, an
//! auto-accept with no delay). The last event a handler schedules for the
//! current instant is held back as its *tail*; when the handler returns
//! and that event would be the very next one popped anyway (see
//! [`EventQueue::now_push_pops_next`]), the loop hands it over at once,
//! without the push and pop. It is counted as an event like any other, so
//! the order, the counts and the stall guard are exactly those of the
//! queue.
//!
//! A handler can go one step further and *chain* such an event: when
//! [`Scheduler::can_chain`] says it would be the very next one handled, the
//! handler counts it ([`Scheduler::chain`]) and handles it itself, at once,
//! as its last act — saving the run loop's dispatch as well.

use super::queue::EventQueue;
use super::time::{SimDuration, SimTime};

/// The most events one instant may hold before the run is stopped as a
/// zero-time loop. A model whose inputs are checked stays far below it (ccsim
/// keeps what can be due at one instant — scheduled arrivals, staff — under a
/// million, a few events each); at tens of millions of events a second, a
/// loop that never advances the clock trips it within about a second.
pub const INSTANT_EVENT_LIMIT: u64 = 20_000_000;

/// Why a run stopped early: virtual time stood still.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stall {
    /// The instant that never ended.
    pub at: SimTime,
    /// Events handled at that instant before the loop stopped.
    pub events: u64,
}

/// What a model's handler may do while handling an event: read the clock and
/// schedule further events.
pub struct Scheduler<E> {
    now: SimTime,
    queue: EventQueue<E>,
    events_handled: u64,
    /// Σ over handled events of the events pending just before each was
    /// popped: the mean heap size a benchmark compares a bare heap at.
    pending_sum: u64,
    /// The event scheduled last for the current instant, not yet pushed:
    /// every event it would follow in the queue is already there, so it
    /// is pushed behind them when anything else is scheduled for now, or
    /// handed over directly when the handler returns (module doc).
    tail: Option<E>,
    /// The bound on events at one instant.
    instant_limit: u64,
    /// Events handled at `now` so far.
    at_instant: u64,
    /// Whether [`Scheduler::can_chain`] may say yes (off only to check
    /// that chaining changes nothing).
    chaining: bool,
}

impl<E: Copy> Scheduler<E> {
    /// The current virtual time.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Schedules `event` at the absolute time `at` (never earlier than now: an
    /// event in the past runs now, after the ones already due).
    pub fn schedule_at(&mut self, at: SimTime, event: E) {
        self.push(at.max(self.now), event);
    }

    /// Schedules `event` after `delay` from now.
    pub fn schedule_in(&mut self, delay: SimDuration, event: E) {
        self.push(self.now + delay, event);
    }

    /// Queues an ordinary event (`at` is never before now); one for now
    /// becomes the tail, the one it replaces goes into the queue first.
    /// (Always inlined, as the queue's push was before it: out of line,
    /// the call and the event's copy cost more than the handover saves.)
    #[inline(always)]
    fn push(&mut self, at: SimTime, event: E) {
        if at == self.now {
            if let Some(before) = self.tail.replace(event) {
                self.queue.push(at, before);
            }
        } else {
            self.queue.push(at, event);
        }
    }

    /// Pushes the tail, if any, into the queue behind everything scheduled
    /// before it.
    fn flush_tail(&mut self) {
        if let Some(event) = self.tail.take() {
            self.queue.push(self.now, event);
        }
    }

    /// Schedules `event` after `delay` from now, as a *late* event: at its
    /// instant it runs after every ordinary event of that instant (those
    /// scheduled later for the same instant included). For a deadline
    /// that must lose a same-instant tie to whatever else happens then.
    pub fn schedule_in_late(&mut self, delay: SimDuration, event: E) {
        self.queue.push_late(self.now + delay, event);
    }

    /// Whether an event for the current instant, scheduled now as the
    /// handler's last act, would be the very next one handled: nothing is
    /// held as the tail, nothing ordinary is due now in the queue, and the
    /// instant has room under the stall bound. If so, the handler may
    /// [`chain`](Scheduler::chain) it: handle it at once, without
    /// scheduling it and without the run loop's dispatch.
    ///
    /// The handler must do nothing after handling it that the event's own
    /// handler would not have done, and nothing the run loop does between
    /// two events may be due (the engine does nothing there; a model that
    /// does must check that itself).
    #[inline]
    pub fn can_chain(&self) -> bool {
        self.chaining
            && self.tail.is_none()
            && self.queue.now_push_pops_next()
            && self.at_instant < self.instant_limit
    }

    /// Counts the event the handler chains (after [`Scheduler::can_chain`]
    /// said yes, and before it handles the event) as handled: the events,
    /// the pending sum and the instant's count, exactly as the run loop
    /// would count it.
    #[inline]
    pub fn chain(&mut self) {
        debug_assert!(self.can_chain());
        // Pending when it would have been popped: the queue and itself.
        self.pending_sum += self.queue.len() as u64 + 1;
        self.events_handled += 1;
        self.at_instant += 1;
    }

    /// Number of events handed to the handler so far.
    pub fn events_handled(&self) -> u64 {
        self.events_handled
    }

    /// Number of events pending.
    pub fn pending(&self) -> usize {
        self.queue.len() + usize::from(self.tail.is_some())
    }

    /// Σ over handled events of the events pending when each was popped
    /// (over [`Scheduler::events_handled`]: the mean size of the queue).
    pub fn pending_sum(&self) -> u64 {
        self.pending_sum
    }
}

/// A model driven by the engine.
pub trait Handler<E> {
    /// Handles one event at `sched.now()`.
    fn handle(&mut self, event: E, sched: &mut Scheduler<E>);

    /// Called before each event is handled, with a look at the event
    /// likely to come after it (`next` peeks into the queue; a model that
    /// has nothing to fetch need not call it), so that the model can start
    /// fetching the memory that one will touch while the CPU works on this
    /// one (see [`super::prefetch`]). A hint only: it cannot change the
    /// model's state (`&self`). Default: nothing.
    #[inline]
    fn prefetch<'q>(&self, next: impl FnOnce() -> Option<&'q E>)
    where
        E: 'q,
    {
        let _ = next;
    }
}

/// A simulation: the clock and pending events of one run.
pub struct Simulation<E> {
    sched: Scheduler<E>,
    /// Set once the bound was hit; the run does not go on after it.
    stalled: Option<Stall>,
}

impl<E: Copy> Default for Simulation<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E: Copy> Simulation<E> {
    /// A simulation at time zero with nothing scheduled, stopping at
    /// [`INSTANT_EVENT_LIMIT`] events at one instant.
    pub fn new() -> Self {
        Self::with_instant_limit(INSTANT_EVENT_LIMIT)
    }

    /// As [`Simulation::new`], stopping once one instant holds more than
    /// `limit` events (at least 1).
    pub fn with_instant_limit(limit: u64) -> Self {
        Simulation {
            sched: Scheduler {
                now: SimTime::ZERO,
                queue: EventQueue::with_capacity(1024),
                events_handled: 0,
                pending_sum: 0,
                tail: None,
                instant_limit: limit.max(1),
                at_instant: 0,
                chaining: true,
            },
            stalled: None,
        }
    }

    /// Turns chaining ([`Scheduler::can_chain`]) on (the default) or off. Off, every
    /// event goes through the queue and the run loop's dispatch: the same
    /// run, step for step, only slower — which a test can check.
    pub fn set_chaining(&mut self, on: bool) {
        self.sched.chaining = on;
    }

    /// Why the run stopped early, if it did: an instant held more events
    /// than the limit (a loop of events that takes no time).
    pub fn stalled(&self) -> Option<Stall> {
        self.stalled
    }

    /// The scheduler, to seed initial events before running.
    pub fn scheduler(&mut self) -> &mut Scheduler<E> {
        &mut self.sched
    }

    /// Runs events in order until none is left or the next one is later than
    /// `until`; the clock then stands at the last event handled. Returns the
    /// number of events handled by this call. Stops early, for good, when
    /// an instant holds more events than the limit (see
    /// [`Simulation::stalled`]).
    pub fn run_until<H: Handler<E>>(&mut self, until: SimTime, handler: &mut H) -> u64 {
        let start = self.sched.events_handled;
        if self.stalled.is_some() {
            return 0;
        }
        // Events seeded before the run may have left a tail.
        self.sched.flush_tail();
        'run: loop {
            // Counted before the pop: the events pending when it is taken.
            let mut pending = self.sched.queue.len() as u64;
            let Some((time, mut event)) = self.sched.queue.pop_due(until) else {
                break;
            };
            loop {
                if !self.enter(time) {
                    // The run ends here for good; the event is dropped with
                    // the rest, never handled.
                    break 'run;
                }
                self.sched.pending_sum += pending;
                self.sched.now = time;
                self.sched.events_handled += 1;
                handler.prefetch(|| self.sched.queue.peek_likely_next());
                handler.handle(event, &mut self.sched);
                let Some(next) = self.sched.tail.take() else {
                    break;
                };
                if !self.sched.queue.now_push_pops_next() {
                    self.sched.queue.push(time, next);
                    break;
                }
                // The pop it skips would have counted it as pending.
                pending = self.sched.queue.len() as u64 + 1;
                event = next;
            }
        }
        self.sched.events_handled - start
    }

    /// Counts one more event at `time` against the instant's bound; false
    /// (and the run stalled for good) when the instant is already full.
    #[inline]
    fn enter(&mut self, time: SimTime) -> bool {
        if time == self.sched.now && self.events_handled_any() {
            if self.sched.at_instant >= self.sched.instant_limit {
                self.stalled = Some(Stall {
                    at: time,
                    events: self.sched.at_instant,
                });
                return false;
            }
            self.sched.at_instant += 1;
        } else {
            self.sched.at_instant = 1;
        }
        true
    }

    /// The current virtual time.
    pub fn now(&self) -> SimTime {
        self.sched.now
    }

    /// Σ over handled events of the events pending when each was popped.
    pub fn pending_sum(&self) -> u64 {
        self.sched.pending_sum()
    }

    /// Whether any event was handled yet (before the first, the clock's
    /// zero is not an instant that has begun).
    fn events_handled_any(&self) -> bool {
        self.sched.events_handled > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::queue::LATE;

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

    /// Logs each hint (`'p'`) and each event handled (`'h'`), in order.
    struct Hinted(std::cell::RefCell<Vec<(char, u32)>>);

    impl Handler<u32> for Hinted {
        fn handle(&mut self, e: u32, _: &mut Scheduler<u32>) {
            self.0.get_mut().push(('h', e));
        }

        fn prefetch<'q>(&self, next: impl FnOnce() -> Option<&'q u32>) {
            if let Some(next) = next() {
                self.0.borrow_mut().push(('p', *next));
            }
        }
    }

    /// Before each event is handled, the handler hears of the event after
    /// it (when there is one), so it can fetch that one's memory meanwhile.
    #[test]
    fn the_handler_hears_of_the_next_event_before_handling_each() {
        let mut sim = Simulation::new();
        for (t, e) in [(30, 3), (10, 1), (20, 2), (20, 4)] {
            sim.scheduler().schedule_at(SimTime(t), e);
        }
        let mut h = Hinted(std::cell::RefCell::new(Vec::new()));
        sim.run_until(SimTime::MAX, &mut h);
        assert_eq!(
            h.0.into_inner(),
            vec![
                ('p', 2),
                ('h', 1),
                ('p', 4),
                ('h', 2),
                ('p', 3),
                ('h', 4),
                ('h', 3)
            ]
        );
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

    /// Schedules itself again at the same instant forever.
    struct Spin;

    impl Handler<u32> for Spin {
        fn handle(&mut self, e: u32, s: &mut Scheduler<u32>) {
            s.schedule_in(SimDuration::ZERO, e);
        }
    }

    #[test]
    fn a_zero_time_loop_stops_at_the_instant_limit() {
        let mut sim = Simulation::with_instant_limit(1000);
        sim.scheduler().schedule_at(SimTime(7), 0);
        let n = sim.run_until(SimTime::MAX, &mut Spin);
        assert_eq!(n, 1000);
        assert_eq!(
            sim.stalled(),
            Some(Stall {
                at: SimTime(7),
                events: 1000
            })
        );
        // Stopped for good: nothing more runs.
        assert_eq!(sim.run_until(SimTime::MAX, &mut Spin), 0);
    }

    #[test]
    fn busy_instants_below_the_limit_run_to_the_end() {
        // Exactly the limit at each of two instants: no stall.
        let mut sim = Simulation::with_instant_limit(4);
        for t in [0, 1] {
            for i in 0..4 {
                sim.scheduler().schedule_at(SimTime(t), 10 + i);
            }
        }
        // (Chain only records events other than 0.)
        let mut h = Chain(Vec::new());
        assert_eq!(sim.run_until(SimTime::MAX, &mut h), 8);
        assert_eq!(sim.stalled(), None);
    }

    /// What a random model does on handling one event: the events it
    /// schedules, as (delay, late, id), drawn from one seeded stream so the
    /// engine and the reference below make the same choices as long as
    /// they handle the same events in the same order.
    struct RandomModel {
        rng: rand_chacha::ChaCha8Rng,
        next_id: u32,
    }

    impl RandomModel {
        fn new() -> Self {
            use rand::SeedableRng;
            RandomModel {
                rng: rand_chacha::ChaCha8Rng::seed_from_u64(0x7a11),
                next_id: 1,
            }
        }

        fn step(&mut self) -> Vec<(u64, bool, u32)> {
            use rand::Rng;
            // About one child per event, so the run neither dies out nor
            // grows without bound; most of them take no time.
            let children = self.rng.gen_range(0..=2) + usize::from(self.rng.gen_bool(0.02));
            let mut out = Vec::new();
            for _ in 0..children {
                if self.next_id >= 200_000 {
                    break;
                }
                let delay = match self.rng.gen_range(0..10) {
                    0..=5 => 0,
                    6 | 7 => self.rng.gen_range(1..4),
                    _ => self.rng.gen_range(1..1_000),
                };
                let late = self.rng.gen_bool(0.1);
                self.next_id += 1;
                out.push((delay, late, self.next_id));
            }
            out
        }
    }

    impl Handler<u32> for (RandomModel, Vec<(u64, u32)>) {
        fn handle(&mut self, e: u32, s: &mut Scheduler<u32>) {
            self.1.push((s.now().0, e));
            for (delay, late, id) in self.0.step() {
                if late {
                    s.schedule_in_late(SimDuration(delay), id);
                } else {
                    s.schedule_in(SimDuration(delay), id);
                }
            }
        }
    }

    #[test]
    fn zero_time_events_handed_over_directly_keep_the_queue_order() {
        // The engine, with its tail handover.
        let mut sim = Simulation::new();
        for id in 0..50 {
            sim.scheduler()
                .schedule_at(SimTime(id % 3), 100_000_000 + id as u32);
        }
        let mut engine = (RandomModel::new(), Vec::new());
        let handled = sim.run_until(SimTime::MAX, &mut engine);

        // The reference: every event through an ordered map by (time, seq),
        // late events' seq carrying the late bit.
        let mut pending = std::collections::BTreeMap::new();
        let mut seq = 0u64;
        for id in 0..50 {
            pending.insert((id % 3, seq), 100_000_000 + id as u32);
            seq += 1;
        }
        let mut model = RandomModel::new();
        let mut trace = Vec::new();
        while let Some(((now, _), e)) = pending.pop_first() {
            trace.push((now, e));
            for (delay, late, id) in model.step() {
                let key = if late { seq | LATE } else { seq };
                seq += 1;
                pending.insert((now + delay, key), id);
            }
        }

        assert!(trace.len() > 100_000, "{} events", trace.len());
        assert_eq!(handled, trace.len() as u64);
        // The first difference, if any (the traces are too long to print).
        let first_diff = engine.1.iter().zip(&trace).position(|(a, b)| a != b);
        assert_eq!(first_diff, None, "engine and reference part here");
        assert_eq!(engine.1.len(), trace.len());
    }

    /// The random model, chaining its last child when that takes no time
    /// and the scheduler lets it.
    struct Chaining(RandomModel, Vec<(u64, u32)>);

    impl Handler<u32> for Chaining {
        fn handle(&mut self, e: u32, s: &mut Scheduler<u32>) {
            self.1.push((s.now().0, e));
            let mut children = self.0.step();
            let last = children.pop();
            for (delay, late, id) in children {
                if late {
                    s.schedule_in_late(SimDuration(delay), id);
                } else {
                    s.schedule_in(SimDuration(delay), id);
                }
            }
            match last {
                Some((0, false, id)) if s.can_chain() => {
                    s.chain();
                    self.handle(id, s);
                }
                Some((delay, true, id)) => s.schedule_in_late(SimDuration(delay), id),
                Some((delay, false, id)) => s.schedule_in(SimDuration(delay), id),
                None => {}
            }
        }
    }

    /// Chained events are handled where the queue would have put them, and
    /// counted as it would have: the same trace, events, pending sum and
    /// stall with chaining on and off.
    #[test]
    fn chained_events_keep_the_queue_order_and_counts() {
        let run = |chaining: bool, limit: u64| {
            let mut sim = Simulation::with_instant_limit(limit);
            sim.set_chaining(chaining);
            for id in 0..50 {
                sim.scheduler()
                    .schedule_at(SimTime(id % 3), 100_000_000 + id as u32);
            }
            let mut h = Chaining(RandomModel::new(), Vec::new());
            let n = sim.run_until(SimTime::MAX, &mut h);
            (h.1, n, sim.pending_sum(), sim.stalled())
        };
        let on = run(true, INSTANT_EVENT_LIMIT);
        let off = run(false, INSTANT_EVENT_LIMIT);
        assert!(on.0.len() > 100_000, "{} events", on.0.len());
        let first_diff = on.0.iter().zip(&off.0).position(|(a, b)| a != b);
        assert_eq!(first_diff, None, "chained and queued runs part here");
        assert_eq!((on.1, on.2, on.3), (off.1, off.2, off.3));
        // A bound low enough to stop the run: it stops at the same event.
        let (on, off) = (run(true, 40), run(false, 40));
        assert!(on.3.is_some(), "the bound of 40 was never reached");
        assert_eq!((on.0, on.1, on.2, on.3), (off.0, off.1, off.2, off.3));
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
