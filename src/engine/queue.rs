//! The pending-event set: a binary heap ordered by `(time, seq)`, where a
//! *late* event's `seq` carries [`LATE`], so at its instant it comes after
//! every ordinary one. The heap is [`MinHeap`], which prefetches the level
//! below during a sift (at thousands of pending events, each level is
//! otherwise a cache miss waited for).
//!
//! Beside the heap, a FIFO holds the ordinary events pushed *for the
//! current instant* (the time of the last pop). A model schedules many
//! steps that take no time — a zero-length whisper or ACW, an auto-accept
//! with no delay, an event that only hands the contact on — and those
//! need no sift through the heap: they are already in order, since each
//! gets the next sequence number. A pop takes the heap's top or the FIFO's
//! front, whichever is first in `(time, seq)` order, so the order is
//! exactly the one heap's order would be.
//!
//! The FIFO keeps no sequence numbers: it needs none to be ordered against
//! the heap. An ordinary event in the heap at the current instant was
//! pushed before the clock reached that instant (once it had, the push
//! would have gone to the FIFO), so before every event in the FIFO; a late
//! one comes after them all. So the heap goes first exactly when its top is
//! earlier than the current instant's late events.
//!
//! A pop from the heap leaves its entry at the top, marked as taken, and
//! the next heap operation settles it. Handling an event very often
//! schedules one later (an arrival its successor, a conversation its end):
//! that push *replaces* the taken top and sifts it down once, where a pop
//! and a push would sift twice — down from the top to the bottom, then up
//! from the bottom. At thousands of pending events each level of a sift is
//! likely a cache miss, and an event due soon (the next arrival) stops
//! near the top. Anything else — a pop, a peek — first removes the taken
//! entry as a pop would. The heap holds unique keys, so the order events
//! pop in is the same whichever way the heap was reshaped.

use std::collections::VecDeque;

use super::heap::{Keyed, MinHeap};
use super::time::SimTime;

/// The bit that marks a late event's sequence number: late events sort
/// after every ordinary event of the same instant (the counter never gets
/// near 2^63), and among themselves in push order.
pub const LATE: u64 = 1 << 63;

/// One pending event with its place in the total order.
#[derive(Clone, Copy)]
struct Entry<E> {
    /// `(time << 64) | seq`: the order as one integer, so a comparison in
    /// the heap's sift is one branch-free 128-bit compare rather than a
    /// compare of the time and then, on a tie, of the sequence number.
    key: u128,
    event: E,
}

impl<E> Entry<E> {
    fn new(time: SimTime, seq: u64, event: E) -> Self {
        Entry {
            key: (u128::from(time.0) << 64) | u128::from(seq),
            event,
        }
    }

    fn time(&self) -> SimTime {
        SimTime((self.key >> 64) as u64)
    }
}

impl<E: Copy> Keyed for Entry<E> {
    #[inline]
    fn key(&self) -> u128 {
        self.key
    }
}

/// Pending events, popped in `(time, seq)` order: earliest time first, and
/// among events at the same time the one pushed first (FIFO) — except that
/// *late* events ([`EventQueue::push_late`]) come after every ordinary event
/// of their instant, including ordinary events pushed for that instant
/// after them. Events are `Copy` (small values naming what they are
/// about): a pop hands out a copy of the entry it leaves at the heap's top.
pub struct EventQueue<E> {
    heap: MinHeap<Entry<E>>,
    /// The heap's top was handed out by the last pop and is still in the
    /// heap: the next push replaces it, anything else removes it first
    /// (module doc).
    top_taken: bool,
    /// Ordinary events pushed for `now`, in push (so `seq`) order.
    now_fifo: VecDeque<E>,
    /// The time of the last pop: the instant the model is handling.
    now: SimTime,
    next_seq: u64,
}

impl<E: Copy> Default for EventQueue<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E: Copy> EventQueue<E> {
    /// An empty queue.
    pub fn new() -> Self {
        Self::with_capacity(0)
    }

    /// An empty queue with room for `n` events before it reallocates.
    pub fn with_capacity(n: usize) -> Self {
        EventQueue {
            heap: MinHeap::with_capacity(n),
            top_taken: false,
            now_fifo: VecDeque::with_capacity(64),
            now: SimTime::ZERO,
            next_seq: 0,
        }
    }

    /// Schedules `event` at `time`; returns its sequence number, which fixes
    /// its place among events at the same time.
    #[inline]
    pub fn push(&mut self, time: SimTime, event: E) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        if time == self.now {
            self.now_fifo.push_back(event);
        } else {
            self.heap_push(Entry::new(time, seq, event));
        }
        seq
    }

    /// Schedules `event` at `time`, after every ordinary event of that
    /// instant (late events among themselves: FIFO); returns its sequence
    /// number, with the [`LATE`] bit set.
    pub fn push_late(&mut self, time: SimTime, event: E) -> u64 {
        let seq = self.next_seq | LATE;
        self.next_seq += 1;
        self.heap_push(Entry::new(time, seq, event));
        seq
    }

    /// Puts `entry` in the heap: in the taken top's place if there is one
    /// (one sift down), else at the bottom (a sift up).
    #[inline]
    fn heap_push(&mut self, entry: Entry<E>) {
        if self.top_taken {
            self.top_taken = false;
            self.heap.replace_top(entry);
        } else {
            self.heap.push(entry);
        }
    }

    /// Removes the taken top, if the last pop left one.
    #[inline]
    fn settle(&mut self) {
        if self.top_taken {
            self.top_taken = false;
            self.heap.pop();
        }
    }

    /// The heap's earliest entry not yet handed out: its top, or, when the
    /// top is taken, the earlier of the top's two children.
    #[inline]
    fn heap_first(&self) -> Option<&Entry<E>> {
        if !self.top_taken {
            return self.heap.peek();
        }
        let slice = self.heap.as_slice();
        match (slice.get(1), slice.get(2)) {
            (Some(a), Some(b)) => Some(if a.key <= b.key { a } else { b }),
            (a, _) => a,
        }
    }

    /// Removes and returns the earliest event.
    pub fn pop(&mut self) -> Option<(SimTime, E)> {
        self.pop_due(SimTime::MAX)
    }

    /// Removes and returns the earliest event if it is due by `until`
    /// (its time is at most `until`); leaves the queue as it is otherwise.
    /// One look at the FIFO and the heap's top, where a peek and then a pop
    /// would take two.
    #[inline]
    pub fn pop_due(&mut self, until: SimTime) -> Option<(SimTime, E)> {
        self.settle();
        let from_heap = match self.heap.peek() {
            None => false,
            Some(top) => {
                // (The module's doc says why this orders the FIFO's events.)
                let first_late = Entry::<()>::new(self.now, LATE, ()).key;
                let first = self.now_fifo.is_empty() || top.key < first_late;
                if first && top.time() > until {
                    return None;
                }
                first
            }
        };
        if from_heap {
            let e = self.heap.peek()?;
            let (time, event) = (e.time(), e.event);
            self.top_taken = true;
            // Never backwards: an event pushed for a time already past
            // (only possible when the queue is used without a scheduler's
            // clamp) must not relabel the FIFO's events.
            self.now = self.now.max(time);
            Some((time, event))
        } else if self.now > until {
            None
        } else {
            self.now_fifo.pop_front().map(|event| (self.now, event))
        }
    }

    /// Whether an ordinary event pushed now for the current instant would be
    /// the next one popped: nothing waits in the FIFO, and the heap's top is
    /// later than the instant's ordinary events (empty, a late event of this
    /// instant, or a later instant). The run loop hands such an event to the
    /// model directly, without the push and pop.
    #[inline]
    pub fn now_push_pops_next(&self) -> bool {
        self.now_fifo.is_empty()
            && self
                .heap_first()
                .is_none_or(|top| top.key >= Entry::<()>::new(self.now, LATE, ()).key)
    }

    /// The event most likely to pop next: the FIFO's front, else the heap's
    /// top. A hint for prefetching (the heap's top may come first when it
    /// is an ordinary event of this instant), never for order.
    #[inline]
    pub fn peek_likely_next(&self) -> Option<&E> {
        self.now_fifo
            .front()
            .or_else(|| self.heap_first().map(|top| &top.event))
    }

    /// The time of the earliest event, if any.
    pub fn peek_time(&self) -> Option<SimTime> {
        match (self.now_fifo.is_empty(), self.heap_first()) {
            (false, Some(top)) => Some(top.time().min(self.now)),
            (false, None) => Some(self.now),
            (true, top) => top.map(Entry::time),
        }
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.heap.len() - usize::from(self.top_taken) + self.now_fifo.len()
    }

    /// Whether no event is pending.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;
    use std::collections::BTreeMap;

    #[test]
    fn same_time_events_pop_in_push_order() {
        let mut q = EventQueue::new();
        for i in 0..100 {
            q.push(SimTime(7), i);
        }
        q.push(SimTime(3), -1);
        assert_eq!(q.pop(), Some((SimTime(3), -1)));
        for i in 0..100 {
            assert_eq!(q.pop(), Some((SimTime(7), i)));
        }
        assert!(q.is_empty());
    }

    /// The hint for prefetching names the FIFO's front when the current
    /// instant has events waiting there, else the heap's top.
    #[test]
    fn the_likely_next_event_is_the_fifo_front_else_the_heap_top() {
        let mut q = EventQueue::new();
        assert_eq!(q.peek_likely_next(), None);
        q.push(SimTime(9), "heap at 9");
        q.push(SimTime(5), "heap at 5");
        assert_eq!(q.peek_likely_next(), Some(&"heap at 5"));
        assert_eq!(q.pop(), Some((SimTime(5), "heap at 5")));
        q.push(SimTime(5), "fifo at 5");
        assert_eq!(q.peek_likely_next(), Some(&"fifo at 5"));
        assert_eq!(q.pop(), Some((SimTime(5), "fifo at 5")));
        assert_eq!(q.peek_likely_next(), Some(&"heap at 9"));
    }

    /// A pop leaves its entry at the heap's top until the next heap
    /// operation: a push takes its place, anything else removes it. Neither
    /// may show the taken event again or lose another.
    #[test]
    fn a_popped_top_is_replaced_by_the_next_push_or_removed_by_the_next_pop() {
        let mut q = EventQueue::new();
        for (t, e) in [(10, "a"), (20, "b"), (30, "c"), (40, "d")] {
            q.push(SimTime(t), e);
        }
        assert_eq!(q.pop(), Some((SimTime(10), "a")));
        // Taken, not yet removed: it is neither counted nor shown.
        assert_eq!(q.len(), 3);
        assert_eq!(q.peek_time(), Some(SimTime(20)));
        assert_eq!(q.peek_likely_next(), Some(&"b"));
        // A push takes the taken top's place, wherever it belongs.
        q.push(SimTime(35), "e");
        assert_eq!(q.len(), 4);
        assert_eq!(q.pop(), Some((SimTime(20), "b")));
        // A push earlier than everything stays at the top.
        q.push(SimTime(25), "f");
        assert_eq!(q.peek_likely_next(), Some(&"f"));
        // Pops with no push between them remove each taken top in turn.
        let order: Vec<_> = std::iter::from_fn(|| q.pop().map(|(t, e)| (t.0, e))).collect();
        assert_eq!(order, [(25, "f"), (30, "c"), (35, "e"), (40, "d")]);
        assert!(q.is_empty());
        assert_eq!(q.peek_time(), None);
        assert_eq!(q.peek_likely_next(), None);
    }

    #[test]
    fn late_events_come_after_every_ordinary_event_of_their_instant() {
        let mut q = EventQueue::new();
        q.push_late(SimTime(7), "late 1");
        q.push(SimTime(7), "ordinary 1");
        q.push_late(SimTime(7), "late 2");
        q.push(SimTime(8), "next instant");
        q.push(SimTime(7), "ordinary 2");
        let order: Vec<_> = std::iter::from_fn(|| q.pop().map(|(_, e)| e)).collect();
        assert_eq!(
            order,
            [
                "ordinary 1",
                "ordinary 2",
                "late 1",
                "late 2",
                "next instant"
            ]
        );
    }

    #[test]
    fn pop_due_takes_only_events_due_by_its_bound() {
        let mut q = EventQueue::new();
        q.push(SimTime(10), "heap at 10");
        assert_eq!(q.pop_due(SimTime(9)), None);
        assert_eq!(q.len(), 1);
        assert_eq!(q.pop_due(SimTime(10)), Some((SimTime(10), "heap at 10")));
        // Now 10: an event for the current instant waits in the FIFO.
        q.push(SimTime(10), "fifo at 10");
        q.push(SimTime(12), "heap at 12");
        assert_eq!(q.pop_due(SimTime(9)), None);
        assert_eq!(q.pop_due(SimTime(11)), Some((SimTime(10), "fifo at 10")));
        assert_eq!(q.pop_due(SimTime(11)), None);
        assert_eq!(q.len(), 1);
        assert_eq!(q.pop_due(SimTime::MAX), Some((SimTime(12), "heap at 12")));
        assert!(q.is_empty());
    }

    /// Millions of random pushes and pops (one in ten late) against a
    /// `BTreeMap<(time, seq), _>` reference: every pop must return exactly
    /// the reference's minimum, or nothing when that is later than the
    /// pop's bound.
    #[test]
    fn fuzz_against_btreemap() {
        let mut rng = ChaCha8Rng::seed_from_u64(0x5eed);
        let mut q = EventQueue::new();
        let mut reference: BTreeMap<(u64, u64), u64> = BTreeMap::new();
        let mut now = 0u64;
        let mut ops = 0u64;
        let mut pops = 0u64;
        while ops < 3_000_000 {
            ops += 1;
            // Bias towards pushes while small, pops while large, with bursts of
            // equal times so the FIFO tie-break is exercised heavily.
            let push =
                reference.is_empty() || rng.gen_bool(if reference.len() < 500 { 0.6 } else { 0.4 });
            if push {
                let dt = match rng.gen_range(0..4) {
                    0 => 0,
                    1 => rng.gen_range(0..3),
                    _ => rng.gen_range(0..10_000),
                };
                let payload: u64 = rng.gen();
                let seq = if rng.gen_bool(0.1) {
                    q.push_late(SimTime(now + dt), payload)
                } else {
                    q.push(SimTime(now + dt), payload)
                };
                reference.insert((now + dt, seq), payload);
            } else {
                // Half the pops are bounded a little after now: the bound
                // either holds the earliest event back or lets it through.
                let bound = if rng.gen_bool(0.5) {
                    now + rng.gen_range(0..20)
                } else {
                    u64::MAX
                };
                let expected = match reference.first_key_value() {
                    Some((&(t, _), _)) if t <= bound => {
                        reference.pop_first().map(|((t, _), p)| (SimTime(t), p))
                    }
                    _ => None,
                };
                let got = q.pop_due(SimTime(bound));
                assert_eq!(got, expected, "mismatch at operation {ops}");
                if let Some((t, _)) = got {
                    now = t.0;
                }
                pops += 1;
            }
            assert_eq!(q.len(), reference.len());
            assert_eq!(
                q.peek_time().map(|t| t.0),
                reference.keys().next().map(|k| k.0)
            );
            // With nothing due now the FIFO is empty, so the hint must be
            // the heap's earliest event, also while its top is taken.
            if let Some((&(t, _), &payload)) = reference.first_key_value() {
                if t > now {
                    assert_eq!(q.peek_likely_next(), Some(&payload), "hint at {ops}");
                }
            }
        }
        assert!(pops > 1_000_000);
        while let Some(expected) = reference.pop_first() {
            assert_eq!(q.pop(), Some((SimTime(expected.0 .0), expected.1)));
        }
        assert!(q.pop().is_none());
    }
}
