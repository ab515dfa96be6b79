//! Virtual time as integer milliseconds.
//!
//! Integers, not floats, so that sums are exact and two runs can never differ
//! by a rounding that depends on evaluation order.

use std::fmt;
use std::ops::{Add, AddAssign, Sub};

/// A point in virtual time: milliseconds since the start of the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SimTime(pub u64);

/// A span of virtual time in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SimDuration(pub u64);

impl SimTime {
    /// The start of every run.
    pub const ZERO: SimTime = SimTime(0);
    /// A time later than any event can be scheduled at.
    pub const MAX: SimTime = SimTime(u64::MAX);

    /// Milliseconds since the start.
    pub fn as_millis(self) -> u64 {
        self.0
    }

    /// Seconds since the start, for reports.
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }

    /// Time elapsed since `earlier`, or zero if `earlier` is later (never
    /// panics: a model bug must not abort a long sweep).
    pub fn since(self, earlier: SimTime) -> SimDuration {
        SimDuration(self.0.saturating_sub(earlier.0))
    }

    /// `self + d`, or `None` on overflow.
    pub fn checked_add(self, d: SimDuration) -> Option<SimTime> {
        self.0.checked_add(d.0).map(SimTime)
    }
}

impl SimDuration {
    /// No time at all.
    pub const ZERO: SimDuration = SimDuration(0);

    /// A duration of `ms` milliseconds.
    pub const fn from_millis(ms: u64) -> Self {
        SimDuration(ms)
    }

    /// A duration of `s` whole seconds.
    pub const fn from_secs(s: u64) -> Self {
        SimDuration(s * 1000)
    }

    /// Rounds a non-negative number of seconds to the nearest millisecond;
    /// negative or NaN inputs give zero, huge ones saturate.
    pub fn from_secs_f64(s: f64) -> Self {
        if s.is_nan() || s <= 0.0 {
            return SimDuration::ZERO;
        }
        let ms = s * 1000.0;
        if ms >= u64::MAX as f64 {
            return SimDuration(u64::MAX);
        }
        // `ms.round()`, without its call: x86-64's baseline has no
        // rounding instruction, so `round` is a library call on every
        // duration drawn. Truncation is one instruction, and `ms - whole`
        // is exact (below 2^53 both lie within a factor of two — or whole
        // is 0 — and above it every double is a whole number), so this
        // rounds half away from zero exactly as `round` does.
        let whole = trunc_u64(ms);
        let up = ms - u64_to_f64(whole) >= 0.5;
        SimDuration(whole + u64::from(up))
    }

    /// Milliseconds.
    pub fn as_millis(self) -> u64 {
        self.0
    }

    /// Seconds, for reports.
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }

    /// The shorter of two durations.
    pub fn min(self, other: SimDuration) -> SimDuration {
        SimDuration(self.0.min(other.0))
    }
}

/// 2^63: the doubles below it (and not below zero) convert to `i64`.
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

/// `x as u64`: truncated toward zero, NaN and negatives to 0, huge values
/// saturated. x86-64's baseline has no unsigned conversion, so `as u64`
/// converts twice (`x` and `x - 2^63`) and picks one, about a dozen
/// instructions; below 2^63 the signed conversion is the same number in
/// one. Every duration drawn and every arrival time passes here.
#[inline(always)]
pub fn trunc_u64(x: f64) -> u64 {
    if x < TWO_POW_63 {
        // Negatives (to `i64::MIN` at worst) go to 0 as `as u64` takes them.
        (x as i64).max(0) as u64
    } else {
        huge_u64(x)
    }
}

/// [`trunc_u64`] of a double at or above 2^63 (or NaN): out of line, as no
/// duration or arrival time comes near it, and inlined the conversion
/// took a cache line's worth of code at every draw.
#[cold]
#[inline(never)]
fn huge_u64(x: f64) -> u64 {
    x as u64
}

/// `n as f64` (rounded to nearest), by the one-instruction signed
/// conversion where `n` fits an `i64` (the same double; see
/// [`trunc_u64`] for why).
#[inline(always)]
pub fn u64_to_f64(n: u64) -> f64 {
    match i64::try_from(n) {
        Ok(i) => i as f64,
        Err(_) => huge_f64(n),
    }
}

/// [`u64_to_f64`] of a number at or above 2^63: out of line (see
/// [`huge_u64`]).
#[cold]
#[inline(never)]
fn huge_f64(n: u64) -> f64 {
    n as f64
}

impl Add<SimDuration> for SimTime {
    type Output = SimTime;
    /// Saturates at [`SimTime::MAX`]: an event that far away simply never runs.
    fn add(self, d: SimDuration) -> SimTime {
        SimTime(self.0.saturating_add(d.0))
    }
}

impl AddAssign<SimDuration> for SimTime {
    fn add_assign(&mut self, d: SimDuration) {
        *self = *self + d;
    }
}

impl Add for SimDuration {
    type Output = SimDuration;
    fn add(self, d: SimDuration) -> SimDuration {
        SimDuration(self.0.saturating_add(d.0))
    }
}

impl AddAssign for SimDuration {
    fn add_assign(&mut self, d: SimDuration) {
        *self = *self + d;
    }
}

impl Sub for SimTime {
    type Output = SimDuration;
    /// Saturating: see [`SimTime::since`].
    fn sub(self, earlier: SimTime) -> SimDuration {
        self.since(earlier)
    }
}

impl fmt::Display for SimTime {
    /// `h:mm:ss.mmm` since the start of the run.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0 % 1000;
        let s = self.0 / 1000;
        write!(
            f,
            "{}:{:02}:{:02}.{:03}",
            s / 3600,
            (s / 60) % 60,
            s % 60,
            ms
        )
    }
}

impl fmt::Display for SimDuration {
    /// As people write durations: `8h`, `1h30m`, `45s`, `2.5s`, `0s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 0 {
            return f.write_str("0s");
        }
        let (h, m, s, ms) = (
            self.0 / 3_600_000,
            (self.0 / 60_000) % 60,
            (self.0 / 1000) % 60,
            self.0 % 1000,
        );
        let mut out = String::new();
        if h > 0 {
            out += &format!("{h}h");
        }
        if m > 0 {
            out += &format!("{m}m");
        }
        if ms > 0 {
            let frac = format!("{ms:03}");
            out += &format!("{s}.{}s", frac.trim_end_matches('0'));
        } else if s > 0 {
            out += &format!("{s}s");
        }
        f.write_str(&out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_saturates_instead_of_panicking() {
        assert_eq!(SimTime(5) - SimTime(9), SimDuration::ZERO);
        assert_eq!(SimTime(u64::MAX - 1) + SimDuration(10), SimTime::MAX);
        assert_eq!(SimTime(1).checked_add(SimDuration(u64::MAX)), None);
    }

    #[test]
    fn seconds_round_to_the_nearest_millisecond() {
        assert_eq!(SimDuration::from_secs_f64(1.2345), SimDuration(1235));
        assert_eq!(SimDuration::from_secs_f64(-3.0), SimDuration::ZERO);
        assert_eq!(SimDuration::from_secs_f64(f64::NAN), SimDuration::ZERO);
        assert_eq!(SimTime(3_723_004).to_string(), "1:02:03.004");
        assert_eq!(SimDuration(5_400_000).to_string(), "1h30m");
        assert_eq!(SimDuration(2_500).to_string(), "2.5s");
        assert_eq!(SimDuration(0).to_string(), "0s");
        assert_eq!(SimDuration(28_800_000).to_string(), "8h");
    }

    /// The rounding without `round` gives `round`'s answer: on halves, on
    /// the double just below a half, at the edges where doubles stop having
    /// fractions (2^52, 2^53) and where `u64` ends, and on millions of
    /// values spread over every magnitude.
    #[test]
    fn rounding_agrees_with_round_everywhere() {
        use rand::{Rng, SeedableRng};
        let by_round = |s: f64| {
            let ms = (s * 1000.0).round();
            if ms >= u64::MAX as f64 {
                u64::MAX
            } else {
                ms as u64
            }
        };
        let below_half = 0.5f64.next_down();
        let mut cases = vec![
            0.0005,
            0.0015,
            0.0025,
            below_half / 1000.0,
            1.2345,
            2f64.powi(52) / 1000.0,
            (2f64.powi(52) + 0.5) / 1000.0,
            2f64.powi(53) / 1000.0,
            2f64.powi(64) / 1000.0,
            (2f64.powi(64) / 1000.0).next_down(),
            f64::MAX,
            f64::INFINITY,
            f64::MIN_POSITIVE,
        ];
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for _ in 0..2_000_000 {
            // Uniform mantissa, exponent from 2^-20 to 2^70 seconds.
            let e: i32 = rng.gen_range(-20..70);
            cases.push(rng.gen::<f64>() * 2f64.powi(e));
            // Whole milliseconds plus a half, and one double either side.
            let half = (rng.gen_range(0u64..1 << 40) as f64 + 0.5) / 1000.0;
            cases.extend([half, half.next_down(), half.next_up()]);
        }
        for s in cases {
            assert_eq!(SimDuration::from_secs_f64(s).0, by_round(s), "{s:e} s");
        }
    }
}
