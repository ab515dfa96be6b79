//! Asking the CPU to start loading memory the model will touch soon.
//!
//! A model with thousands of entities in flight touches, on each event, one
//! whose memory has gone cold since its last event (thousands of other
//! events ago). Every cache line the handler then touches is a wait on the
//! last-level cache or memory. The run loop tells the model which event
//! comes next ([`super::Handler::prefetch`]), and the model names the
//! memory that event will touch: its loads are then under way while the
//! current event is handled. A prefetch changes no state and cannot fault,
//! so it cannot change a run's results, only its speed.

/// The bytes of a cache line on the machines ccsim runs on.
const LINE: usize = 64;

/// Starts loading every cache line of `value` into the cache, without
/// waiting for it. Does nothing on targets without a prefetch instruction
/// ccsim knows.
#[inline]
pub fn prefetch<T: ?Sized>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        let start = (value as *const T).cast::<i8>();
        let len = std::mem::size_of_val(value);
        let mut offset = 0;
        while offset < len {
            // SAFETY: a prefetch is only a hint: it never faults and reads
            // nothing into the program, whatever the address; and every
            // address here lies within `value`.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(start.wrapping_add(offset)) };
            offset += LINE;
        }
        if len > 0 {
            // The last line, when `value` does not start on a line boundary.
            // SAFETY: as above.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(start.wrapping_add(len - 1)) };
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}

#[cfg(test)]
mod tests {
    use super::prefetch;

    /// Values of every shape — empty, smaller than a line, straddling
    /// lines, many lines long — can be prefetched, and are left as they
    /// were.
    #[test]
    fn prefetching_leaves_values_of_any_size_unchanged() {
        let bytes: Vec<u8> = (0..=255).collect();
        for start in [0, 1, 63, 64, 65] {
            let tail: &[u8] = &bytes[start..];
            prefetch(tail);
            for len in [0, 1, 63, 64, 65, 190] {
                let window = &bytes[start..start + len];
                prefetch(window);
            }
        }
        prefetch(&());
        let lines = [7u64; 100];
        prefetch(&lines);
        assert_eq!(lines, [7u64; 100]);
        assert_eq!(bytes, (0..=255).collect::<Vec<u8>>());
    }
}
