//! The event queue's binary heap: a min-heap of `Copy` entries ordered by a
//! `u128` key, with the operations [`EventQueue`](super::queue::EventQueue)
//! needs — push, pop, and replacing the top.
//!
//! `std`'s `BinaryHeap` does the same, but its sift cannot be told about the
//! cache. At thousands of pending events the lower levels of the heap are
//! not in the core's caches (the model's contacts push them out between two
//! events), and each level of a sift is a load that waits on the one
//! before: which child to follow is known only once both are loaded. This
//! heap, while it compares two children, asks for the four entries below
//! them (the children's children, 128 contiguous bytes), so that the next
//! level's loads are under way before the sift needs them. A prefetch
//! changes nothing but speed.

use super::prefetch::prefetch;

/// An entry's place in the heap's order: smaller keys pop first. Keys in
/// one heap must be unique (the event queue's `(time, seq)` are), so the
/// order events pop in never depends on how the heap was shaped.
pub(super) trait Keyed: Copy {
    /// The entry's key.
    fn key(&self) -> u128;
}

/// A binary min-heap of [`Keyed`] entries, in the usual array layout (the
/// children of `i` at `2i + 1` and `2i + 2`).
pub(super) struct MinHeap<T> {
    data: Vec<T>,
}

impl<T: Keyed> MinHeap<T> {
    /// An empty heap with room for `n` entries before it reallocates.
    pub(super) fn with_capacity(n: usize) -> Self {
        MinHeap {
            data: Vec::with_capacity(n),
        }
    }

    /// Number of entries.
    #[inline]
    pub(super) fn len(&self) -> usize {
        self.data.len()
    }

    /// The entries in heap order (the top first).
    #[inline]
    pub(super) fn as_slice(&self) -> &[T] {
        &self.data
    }

    /// The entry with the smallest key.
    #[inline]
    pub(super) fn peek(&self) -> Option<&T> {
        self.data.first()
    }

    /// Adds `entry`.
    #[inline]
    pub(super) fn push(&mut self, entry: T) {
        self.data.push(entry);
        let last = self.data.len() - 1;
        sift_up(&mut self.data, last);
    }

    /// Removes and returns the entry with the smallest key.
    #[inline]
    pub(super) fn pop(&mut self) -> Option<T> {
        let last = self.data.pop()?;
        match self.data.first_mut() {
            None => Some(last),
            Some(top) => {
                let top = std::mem::replace(top, last);
                self.sift_down_to_bottom();
                Some(top)
            }
        }
    }

    /// Replaces the entry with the smallest key by `entry`; pushes it if
    /// the heap is empty. One sift down, where a pop and a push would take
    /// two sifts.
    #[inline]
    pub(super) fn replace_top(&mut self, entry: T) {
        match self.data.first_mut() {
            None => self.data.push(entry),
            Some(top) => {
                *top = entry;
                self.sift_down();
            }
        }
    }

    /// Moves the top down to its place, stopping as soon as it is there: an
    /// entry that replaced the top is often due soon (the next arrival).
    #[inline]
    fn sift_down(&mut self) {
        let data = &mut self.data[..];
        let entry = data[0];
        // The last index (data[0] exists). Loops test `child < last`, not
        // `child + 1 < len`, which the compiler cannot read as `child <
        // len` (the sum could wrap): so `smaller_child`'s look at the
        // sibling, `child + 1 <= last`, needs no check.
        let last = data.len() - 1;
        let key = entry.key();
        let mut pos = 0;
        let mut child = 1;
        while child < last {
            child = smaller_child(data, child);
            // SAFETY (both): `child` is `first_child` or its sibling, and
            // `first_child < last`, so `child <= last`; `pos` is 0 or the
            // child of the level before, so `pos < child`.
            let moved = unsafe { read(data, child) };
            if key <= moved.key() {
                break;
            }
            // SAFETY: as above (`pos < child <= last`).
            unsafe { write(data, pos, moved) };
            pos = child;
            child = 2 * pos + 1;
        }
        if child == last && data[child].key() < key {
            data[pos] = data[child];
            pos = child;
        }
        data[pos] = entry;
    }

    /// Moves the top (the former last entry, which belongs near the bottom)
    /// down to the bottom along the smaller children, then up to its place:
    /// one comparison a level on the way down, not two.
    #[inline]
    fn sift_down_to_bottom(&mut self) {
        let data = &mut self.data[..];
        let entry = data[0];
        let last = data.len() - 1; // as in `sift_down`
        let mut pos = 0;
        let mut child = 1;
        while child < last {
            child = smaller_child(data, child);
            // SAFETY: `pos < child <= last`, as in `sift_down`.
            unsafe { write(data, pos, read(data, child)) };
            pos = child;
            child = 2 * pos + 1;
        }
        if child == last {
            data[pos] = data[child];
            pos = child;
        }
        data[pos] = entry;
        sift_up(data, pos);
    }
}

/// Moves the entry at `pos` of heap `data` up to its place.
#[inline]
fn sift_up<T: Keyed>(data: &mut [T], mut pos: usize) {
    let entry = data[pos];
    let key = entry.key();
    while pos > 0 {
        let parent = (pos - 1) / 2;
        // SAFETY (both): `parent < pos`, and `pos` is the checked index
        // this started from or a parent met on the way up, so in `data`.
        let above = unsafe { read(data, parent) };
        if above.key() <= key {
            break;
        }
        // SAFETY: as above (`pos` is in `data`).
        unsafe { write(data, pos, above) };
        pos = parent;
    }
    data[pos] = entry;
}

/// `data[i]`, without the bounds check. The sifts' loops keep their
/// indices inside the heap, but the compiler does not carry that from one
/// level to the next: it checked two indices a level, a fifth of a sift's
/// instructions.
///
/// # Safety
///
/// `i < data.len()`.
#[inline(always)]
unsafe fn read<T: Copy>(data: &[T], i: usize) -> T {
    debug_assert!(i < data.len());
    // SAFETY: the caller's.
    unsafe { *data.get_unchecked(i) }
}

/// `data[i] = value`, without the bounds check (see [`read`]).
///
/// # Safety
///
/// `i < data.len()`.
#[inline(always)]
unsafe fn write<T>(data: &mut [T], i: usize, value: T) {
    debug_assert!(i < data.len());
    // SAFETY: the caller's.
    unsafe { *data.get_unchecked_mut(i) = value };
}

/// The smaller of `first_child` and its sibling (both in `data`), having
/// asked for the level below them: where both sifts down go next.
///
/// Returns `first_child` or `first_child + 1`, never anything else: the
/// sifts read the entry at the index returned without a bounds check, on
/// that promise.
#[inline]
fn smaller_child<T: Keyed>(data: &[T], first_child: usize) -> usize {
    prefetch_below(data, first_child);
    let child = first_child + usize::from(data[first_child + 1].key() < data[first_child].key());
    debug_assert!(child - first_child <= 1);
    child
}

/// Heaps of fewer entries than this (64 KiB of 32-byte entries) are not
/// prefetched: they stay in the core's caches from one event to the next,
/// and the prefetches would be work for nothing (M/M/20, whose heap holds
/// about 20 events, ran 2 % more instructions with them).
const PREFETCH_FROM: usize = 2048;

/// Asks the cache for the children of `first_child` and of its sibling in
/// heap `data`: the entries a sift goes on to from either.
#[inline]
fn prefetch_below<T>(data: &[T], first_child: usize) {
    if data.len() < PREFETCH_FROM {
        return;
    }
    let below = 2 * first_child + 1;
    if let Some(entries) = data.get(below..data.len().min(below + 4)) {
        prefetch(entries);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    impl Keyed for u128 {
        fn key(&self) -> u128 {
            *self
        }
    }

    /// Checks the heap property: no child is smaller than its parent.
    fn assert_heap(h: &MinHeap<u128>) {
        let d = h.as_slice();
        for i in 1..d.len() {
            assert!(d[(i - 1) / 2] <= d[i], "entry {i} is above its parent");
        }
    }

    /// Random pushes, pops and top replacements against a `BTreeSet`: the
    /// same entries, the smallest always on top, popped in order.
    #[test]
    fn matches_an_ordered_set_under_random_operations() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let mut heap = MinHeap::with_capacity(0);
        let mut model = std::collections::BTreeSet::new();
        let mut next = 0u128;
        for round in 0..300_000 {
            // Unique keys: a random high part over a counter.
            next += 1;
            let fresh = (u128::from(rng.gen_range(0u32..1_000)) << 64) | next;
            match rng.gen_range(0..10) {
                0..=3 => {
                    heap.push(fresh);
                    model.insert(fresh);
                }
                4..=6 => assert_eq!(heap.pop(), model.pop_first(), "round {round}"),
                _ => {
                    model.pop_first();
                    heap.replace_top(fresh);
                    model.insert(fresh);
                }
            }
            assert_eq!(heap.len(), model.len());
            assert_eq!(heap.peek(), model.first());
            if round % 997 == 0 {
                assert_heap(&heap);
            }
        }
        while let Some(want) = model.pop_first() {
            assert_eq!(heap.pop(), Some(want));
        }
        assert_eq!(heap.pop(), None);
    }

    /// Replacing the top of an empty heap pushes.
    #[test]
    fn replacing_the_top_of_an_empty_heap_pushes() {
        let mut heap = MinHeap::with_capacity(1);
        heap.replace_top(5u128);
        assert_eq!(heap.peek(), Some(&5));
        assert_eq!(heap.pop(), Some(5));
        assert_eq!(heap.pop(), None);
    }
}
