//! The calendar a calibration works on: the observed period cut into
//! reporting intervals, aligned to whole intervals of UTC time (every real
//! time zone's offset is a whole number of quarter hours, so 15-, 30- and
//! 60-minute intervals are aligned locally too).

use crate::ingest::ObservedContact;

/// The observed period: `intervals` intervals of `interval_ms` from
/// `start_ms` (Unix ms, UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// Start of the first interval.
    pub start_ms: i64,
    /// Length of an interval.
    pub interval_ms: i64,
    /// Number of intervals.
    pub intervals: usize,
}

impl Period {
    /// The whole intervals covering every contact's initiation, or `None`
    /// without contacts.
    pub fn covering(contacts: &[ObservedContact], interval_ms: i64) -> Option<Period> {
        let first = contacts.iter().map(|c| c.initiated_ms).min()?;
        let last = contacts.iter().map(|c| c.initiated_ms).max()?;
        Some(Self::spanning(first, last, interval_ms))
    }

    /// The whole intervals covering the instants `first ..= last`.
    pub fn spanning(first: i64, last: i64, interval_ms: i64) -> Period {
        let start_ms = first.div_euclid(interval_ms) * interval_ms;
        let end = (last.div_euclid(interval_ms) + 1) * interval_ms;
        Period {
            start_ms,
            interval_ms,
            intervals: ((end - start_ms) / interval_ms) as usize,
        }
    }

    /// Calls `f(interval, seconds)` for each interval that `[a, b)` —
    /// seconds after `base_ms` — covers part of.
    pub fn each_part(&self, (a, b): (f64, f64), base_ms: i64, mut f: impl FnMut(usize, f64)) {
        let len = self.interval_ms as f64 / 1000.0;
        let offset = (base_ms - self.start_ms) as f64 / 1000.0;
        let (mut a, b) = (a + offset, b + offset);
        while a < b {
            let i = (a / len).floor();
            let edge = ((i + 1.0) * len).min(b);
            if i >= 0.0 && (i as usize) < self.intervals {
                f(i as usize, edge - a);
            }
            a = edge;
        }
    }

    /// The interval an instant falls in, if inside the period.
    pub fn index(&self, t_ms: i64) -> Option<usize> {
        if t_ms < self.start_ms {
            return None;
        }
        let i = ((t_ms - self.start_ms) / self.interval_ms) as usize;
        (i < self.intervals).then_some(i)
    }

    /// Start of interval `i` (Unix ms).
    pub fn interval_start(&self, i: usize) -> i64 {
        self.start_ms + i as i64 * self.interval_ms
    }

    /// End of the period (Unix ms).
    pub fn end_ms(&self) -> i64 {
        self.interval_start(self.intervals)
    }

    /// The values of this period's intervals, out of `per_interval` (one
    /// value per interval of `outer`, a span that covers this period; an
    /// interval outside it gets the default).
    pub fn cut_from<T: Clone + Default>(&self, outer: &Period, per_interval: Vec<T>) -> Vec<T> {
        if self == outer {
            return per_interval;
        }
        (0..self.intervals)
            .map(|i| {
                outer
                    .index(self.interval_start(i))
                    .and_then(|j| per_interval.get(j))
                    .cloned()
                    .unwrap_or_default()
            })
            .collect()
    }

    /// Length of the period in hours.
    pub fn hours(&self) -> f64 {
        (self.end_ms() - self.start_ms) as f64 / 3.6e6
    }

    /// The period as messages name it: `96 intervals of 15 minutes from
    /// 2026-03-02T00:00:00Z`.
    pub fn describe(&self) -> String {
        format!(
            "{} intervals of {} minutes from {}",
            self.intervals,
            self.interval_ms / 60_000,
            crate::timefmt::format_iso8601_utc_seconds(self.start_ms)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_itself_as_messages_name_it() {
        let p = Period {
            start_ms: 0,
            interval_ms: 900_000,
            intervals: 96,
        };
        assert_eq!(
            p.describe(),
            "96 intervals of 15 minutes from 1970-01-01T00:00:00Z"
        );
    }

    #[test]
    fn spans_whole_intervals() {
        let p = Period::spanning(1_000, 3_600_000, 1_800_000);
        assert_eq!(p.start_ms, 0);
        assert_eq!(p.intervals, 3);
        assert_eq!(p.index(1_799_999), Some(0));
        assert_eq!(p.index(5_399_999), Some(2));
        assert_eq!(p.index(5_400_000), None);
        assert_eq!(p.index(-1), None);
    }

    #[test]
    fn a_period_cuts_its_intervals_from_a_wider_span() {
        let span = Period::spanning(0, 5 * 60_000, 60_000);
        let p = Period::spanning(2 * 60_000, 3 * 60_000 + 1, 60_000);
        assert_eq!(p.cut_from(&span, vec![0, 1, 2, 3, 4, 5]), [2, 3]);
        assert_eq!(span.cut_from(&span, vec![7; 6]), [7; 6]);
        // Beyond the span: defaults, not a panic.
        let later = Period::spanning(5 * 60_000, 6 * 60_000, 60_000);
        assert_eq!(later.cut_from(&span, vec![1; 6]), [1, 0]);
    }
}
