//! The calendar a calibration works on: the observed period cut into
//! reporting intervals, aligned to whole intervals of local time — an
//! hourly report in Asia/Kolkata (+05:30) has rows from 09:00 local, and a
//! grid of whole UTC hours would cut each of them in two (a probe's find).

use crate::ingest::{ObservedContact, Zone};

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

    /// The whole intervals covering the instants `first ..= last`, on
    /// the grid of whole intervals of UTC time.
    pub fn spanning(first: i64, last: i64, interval_ms: i64) -> Period {
        Self::spanning_from(0, first, last, interval_ms)
    }

    /// The whole intervals covering the instants `first ..= last`, on the
    /// grid of intervals through the instant `origin_ms`.
    pub fn spanning_from(origin_ms: i64, first: i64, last: i64, interval_ms: i64) -> Period {
        let start_ms = origin_ms + (first - origin_ms).div_euclid(interval_ms) * interval_ms;
        let end = origin_ms + ((last - origin_ms).div_euclid(interval_ms) + 1) * interval_ms;
        Period {
            start_ms,
            interval_ms,
            intervals: ((end - start_ms) / interval_ms) as usize,
        }
    }

    /// An instant of local midnight in `zone`, at its offset at `at_ms`:
    /// the origin of a grid of intervals that divide the day, aligned to
    /// local time ([`Period::spanning_from`]). A later change of offset
    /// (daylight saving) moves local time by whole hours, or half hours
    /// where the zone changes by those, and intervals up to that long
    /// stay aligned.
    pub fn local_origin(zone: &Zone, at_ms: i64) -> i64 {
        -zone.offset_ms(at_ms)
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

    /// A grid through local midnight in Asia/Kolkata (+05:30): hours start
    /// at :30 UTC, and an instant just before one lies in the hour before.
    #[test]
    fn a_local_grid_runs_through_local_midnight() {
        let zone = Zone::parse("Asia/Kolkata").unwrap_or_else(|e| panic!("{e}"));
        let at = 1_773_027_000_000; // 2026-03-09T03:30:00Z, 09:00 IST
        let origin = Period::local_origin(&zone, at);
        assert_eq!(origin, -19_800_000);
        let hour = 3_600_000;
        let p = Period::spanning_from(origin, at + 1, at + 2 * hour, hour);
        assert_eq!((p.start_ms, p.intervals), (at, 3));
        let p = Period::spanning_from(origin, at - 1, at, hour);
        assert_eq!((p.start_ms, p.intervals), (at - hour, 2));
        // On UTC's grid the same instants start at 03:00Z.
        assert_eq!(
            Period::spanning(at + 1, at + 2, hour).start_ms,
            at - hour / 2
        );
    }

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
