//! A budget of busy threads: `--threads N` means at most N threads doing
//! work at once, whichever work it is.
//!
//! A sweep's points are written by threads of their own, so that the
//! simulation does not wait for the disk. Without a budget, those writers
//! ran beside the N simulating workers: `--threads 1` kept 1.3 cores busy
//! (perf of the bundled sweep: the writers took 951 samples against 2,500
//! simulating and merging), so a batch job given one CPU was throttled,
//! and a second core added the writers' work to the simulation's instead
//! of sharing it. With one [`Slots`] for both, the workers hold a slot
//! while they simulate and merge a replication, the writers while they
//! format and write a point's files; a thread that only waits (for a
//! job, for the disk to flush `point.json`) holds none.
//!
//! Writers come first: a slot freed while a writer waits goes to the
//! writer. Otherwise a worker, freeing and taking a slot between
//! replications, could keep finished points waiting in memory until the
//! executor's bounds stopped it.

use std::sync::{Condvar, Mutex, MutexGuard};

/// What the budget counts, under its lock.
#[derive(Debug, Default)]
struct Count {
    /// Slots held now.
    held: usize,
    /// Writers waiting for a slot (workers let them go first).
    writers_waiting: usize,
    /// Workers waiting for a slot.
    workers_waiting: usize,
    /// The most slots ever held at once (for the tests).
    peak: usize,
}

/// At most `limit` holders at once; see the module doc.
#[derive(Debug)]
pub struct Slots {
    limit: usize,
    count: Mutex<Count>,
    freed: Condvar,
}

/// A slot held; dropping it frees it.
#[must_use = "the slot is freed as soon as this is dropped"]
pub struct Slot<'a>(&'a Slots);

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut c = self.0.lock();
        c.held = c.held.saturating_sub(1);
        drop(c);
        // Both kinds may wait: wake them all, and the rule in `take`
        // decides who gets the slot.
        self.0.freed.notify_all();
    }
}

impl Slots {
    /// A budget of `limit` slots (at least one).
    pub fn new(limit: usize) -> Slots {
        Slots {
            limit: limit.max(1),
            count: Mutex::new(Count::default()),
            freed: Condvar::new(),
        }
    }

    /// A lock used as is when poisoned: the counts are updated in single
    /// statements, so a panic elsewhere cannot leave them half-changed.
    fn lock(&self) -> MutexGuard<'_, Count> {
        self.count.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A slot for a simulating worker, once one is free and no writer is
    /// waiting for it.
    pub fn worker(&self) -> Slot<'_> {
        let mut c = self.lock();
        if c.held >= self.limit || c.writers_waiting > 0 {
            c.workers_waiting += 1;
            while c.held >= self.limit || c.writers_waiting > 0 {
                c = self.freed.wait(c).unwrap_or_else(|e| e.into_inner());
            }
            c.workers_waiting -= 1;
        }
        self.take(c)
    }

    /// A slot for a writer, as soon as one is free (before any worker).
    pub fn writer(&self) -> Slot<'_> {
        let mut c = self.lock();
        if c.held >= self.limit {
            c.writers_waiting += 1;
            while c.held >= self.limit {
                c = self.freed.wait(c).unwrap_or_else(|e| e.into_inner());
            }
            c.writers_waiting -= 1;
        }
        self.take(c)
    }

    fn take(&self, mut c: MutexGuard<'_, Count>) -> Slot<'_> {
        c.held += 1;
        c.peak = c.peak.max(c.held);
        Slot(self)
    }

    /// The most slots held at once so far.
    pub fn peak(&self) -> usize {
        self.lock().peak
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    /// Many threads of both kinds taking slots in a loop: never more than
    /// the limit busy at once, counted by the holders themselves.
    #[test]
    fn never_more_holders_than_slots() {
        for limit in [1, 2, 3] {
            let slots = Slots::new(limit);
            let busy = AtomicUsize::new(0);
            let most = AtomicUsize::new(0);
            std::thread::scope(|s| {
                for t in 0..6 {
                    let (slots, busy, most) = (&slots, &busy, &most);
                    s.spawn(move || {
                        for _ in 0..300 {
                            let _slot = if t % 2 == 0 {
                                slots.worker()
                            } else {
                                slots.writer()
                            };
                            let now = busy.fetch_add(1, Ordering::SeqCst) + 1;
                            most.fetch_max(now, Ordering::SeqCst);
                            std::thread::yield_now();
                            busy.fetch_sub(1, Ordering::SeqCst);
                        }
                    });
                }
            });
            assert_eq!(most.load(Ordering::SeqCst), limit, "limit {limit}");
            assert_eq!(slots.peak(), limit, "limit {limit}");
        }
    }

    /// A writer waiting for the only slot gets it before a worker that
    /// asked earlier.
    #[test]
    fn a_waiting_writer_goes_before_waiting_workers() {
        let slots = Arc::new(Slots::new(1));
        let order = Arc::new(Mutex::new(Vec::new()));
        let held = slots.worker();
        let spawn = |kind: &'static str| {
            let (slots, order) = (Arc::clone(&slots), Arc::clone(&order));
            std::thread::spawn(move || {
                let _slot = if kind == "writer" {
                    slots.writer()
                } else {
                    slots.worker()
                };
                order.lock().unwrap_or_else(|e| e.into_inner()).push(kind);
            })
        };
        let waiting = |workers: usize, writers: usize| loop {
            let c = slots.lock();
            if (c.workers_waiting, c.writers_waiting) == (workers, writers) {
                return;
            }
            drop(c);
            std::thread::sleep(Duration::from_millis(1));
        };
        let worker = spawn("worker");
        waiting(1, 0);
        let writer = spawn("writer");
        waiting(1, 1);
        drop(held);
        for t in [worker, writer] {
            if t.join().is_err() {
                panic!("a thread panicked");
            }
        }
        let order = order.lock().unwrap_or_else(|e| e.into_inner()).clone();
        assert_eq!(order, ["writer", "worker"]);
    }
}
