//! Volume shapes in the center's local time: contacts per date, the mean
//! day of each weekday, and the mean intraday curve — the profiles a
//! planner reads to see how the week and the day move.

use std::collections::BTreeMap;

use serde_json::json;

use crate::ingest::{LocalDate, Zone};

use super::warnings::DataWarning;

/// The profiles of one set of arrival instants.
#[derive(Debug, Clone, Default)]
pub struct Profiles {
    /// Contacts per local date, in date order (dates without contacts
    /// inside the window included as 0), and whether the window covers
    /// the whole date (the first and last dates are often covered in part).
    pub per_date: Vec<(String, u64, bool)>,
    /// Mean contacts per day on each weekday (Monday first) over the whole
    /// dates observed, and how many such dates of that weekday there were.
    pub weekday_mean: [(f64, u32); 7],
    /// Mean contacts per interval of the local day, each over the days the
    /// window covers that interval on (`86400 / interval` entries).
    pub intraday_mean: Vec<f64>,
    /// The whole dates without a contact that break their weekday's
    /// pattern, in date order: a weekday empty on every one of its (at
    /// least two) whole dates is a day the center is closed, and its dates
    /// are not here.
    pub empty_dates: Vec<String>,
}

/// Weekday names, Monday first.
pub const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Entry contacts counted by local date and by interval of the local day,
/// one at a time: memory holds a count per date, not the instants.
#[derive(Debug)]
pub struct ProfileCounter<'z> {
    zone: &'z Zone,
    interval_s: u32,
    per_date: BTreeMap<LocalDate, u64>,
    intraday: Vec<u64>,
    /// The earliest and latest instant counted.
    span: Option<(i64, i64)>,
}

impl<'z> ProfileCounter<'z> {
    /// Counts in `zone`'s local time, with `interval_ms` intraday buckets.
    pub fn new(zone: &'z Zone, interval_ms: i64) -> Self {
        let interval_s = u32::try_from(interval_ms / 1000).unwrap_or(u32::MAX).max(1);
        ProfileCounter {
            zone,
            interval_s,
            per_date: BTreeMap::new(),
            intraday: vec![0; (86_400 / interval_s).max(1) as usize],
            span: None,
        }
    }

    /// Counts an arrival at `t_ms` (Unix ms).
    pub fn add(&mut self, t_ms: i64) {
        let l = self.zone.local(t_ms);
        *self.per_date.entry(l.date).or_insert(0) += 1;
        let buckets = self.intraday.len();
        self.intraday[(l.ms_of_day / 1000 / self.interval_s) as usize % buckets] += 1;
        self.span = Some(
            self.span
                .map_or((t_ms, t_ms), |(a, b)| (a.min(t_ms), b.max(t_ms))),
        );
    }

    /// The profiles over the observed window `[from_ms, to_ms)` (the
    /// calibration's period): every local date it touches (quiet dates
    /// count as 0); each interval of the day's mean over the days the
    /// window covers it (a window from 08:00 one day to 08:00 two days
    /// later saw every hour twice, not three times); weekday means over
    /// the whole dates — the first and last dates count when the hours the
    /// window misses of them carry less than [`WHOLE_DAY_SHARE`]'s
    /// complement of a mean day's volume (records of 08:00–18:00 cover a
    /// center open those hours whole; records starting at 03:00 do not
    /// cover a center open all day).
    pub fn finish(self, (from_ms, to_ms): (i64, i64)) -> Profiles {
        let interval_ms = i64::from(self.interval_s) * 1000;
        let buckets = self.intraday.len();
        // The window, or the arrivals' span when it is empty.
        let (from_ms, to_ms) = match self.span {
            Some((a, b)) if to_ms <= from_ms => (a, b + 1),
            _ => (from_ms, to_ms),
        };
        let mut per_date: BTreeMap<String, u64> = BTreeMap::new();
        let mut weekday_of: BTreeMap<String, u8> = BTreeMap::new();
        let mut observed = vec![0u32; buckets];
        // The buckets the window covers on its first and last dates.
        let mut ends: BTreeMap<String, Vec<bool>> = BTreeMap::new();
        if to_ms > from_ms {
            let (first, last) = (
                self.zone.local_date(from_ms),
                self.zone.local_date(to_ms - 1),
            );
            for d in [first, last] {
                ends.insert(d.to_string(), vec![false; buckets]);
            }
            let mut t = from_ms;
            while t < to_ms {
                let l = self.zone.local(t);
                let b = (l.ms_of_day / 1000 / self.interval_s) as usize % buckets;
                observed[b] += 1;
                if l.date == first || l.date == last {
                    if let Some(covered) = ends.get_mut(&l.date.to_string()) {
                        covered[b] = true;
                    }
                }
                t += interval_ms;
            }
            let mut d = Some(first);
            while let Some(day) = d.filter(|d| d.days_since_epoch() <= last.days_since_epoch()) {
                per_date.insert(day.to_string(), 0);
                weekday_of.insert(day.to_string(), day.weekday().index() as u8);
                d = day.plus_days(1);
            }
        }
        for (date, n) in self.per_date {
            *per_date.entry(date.to_string()).or_insert(0) += n;
        }
        let intraday_mean: Vec<f64> = self
            .intraday
            .iter()
            .zip(&observed)
            .map(|(&n, &days)| {
                if days > 0 {
                    n as f64 / f64::from(days)
                } else {
                    0.0
                }
            })
            .collect();
        let day_total: f64 = intraday_mean.iter().sum();
        let whole = |d: &str| match ends.get(d) {
            None => true,
            Some(covered) => {
                let seen: f64 = intraday_mean
                    .iter()
                    .zip(covered)
                    .filter(|(_, c)| **c)
                    .map(|(m, _)| m)
                    .sum();
                day_total > 0.0 && seen >= WHOLE_DAY_SHARE * day_total
            }
        };
        let mut weekday_mean = [(0.0, 0u32); 7];
        for (d, n) in &per_date {
            if let (Some(&w), true) = (weekday_of.get(d), whole(d)) {
                let slot = &mut weekday_mean[usize::from(w) % 7];
                slot.0 += *n as f64;
                slot.1 += 1;
            }
        }
        for slot in &mut weekday_mean {
            if slot.1 > 0 {
                slot.0 /= f64::from(slot.1);
            }
        }
        // A weekday with no contact on any of two or more whole dates: the
        // center closes that day every week (a weekend), not a gap.
        let closed: [bool; 7] = std::array::from_fn(|w| {
            let (mean, dates) = weekday_mean[w];
            dates >= 2 && mean == 0.0
        });
        let empty_dates = per_date
            .iter()
            .filter(|(d, n)| **n == 0 && whole(d))
            .filter(|(d, _)| {
                !weekday_of
                    .get(*d)
                    .is_some_and(|&w| closed[usize::from(w) % 7])
            })
            .map(|(d, _)| d.clone())
            .collect();
        Profiles {
            per_date: per_date
                .into_iter()
                .map(|(d, n)| {
                    let w = whole(&d);
                    (d, n, w)
                })
                .collect(),
            weekday_mean,
            intraday_mean,
            empty_dates,
        }
    }
}

/// The share of a mean day's volume the hours a window covers of a date
/// must carry for the date to count as whole in the weekday means.
pub const WHOLE_DAY_SHARE: f64 = 0.95;

/// How many empty dates a warning writes out before "…".
const DATES_NAMED: usize = 10;

impl Profiles {
    /// The whole dates inside the period on which no contact arrived,
    /// other than a weekday the center is closed every week.
    pub fn empty_dates(&self) -> Vec<&str> {
        self.empty_dates.iter().map(String::as_str).collect()
    }

    /// The warning for whole dates without a contact, if any: the
    /// scenario's arrivals there are 0 and they pull the weekday means
    /// down — right for a center closed then, wrong for a gap in the
    /// export, which only the planner can tell apart.
    pub fn empty_dates_warning(&self) -> Option<DataWarning> {
        let dates = self.empty_dates();
        if dates.is_empty() {
            return None;
        }
        let mut named = dates[..dates.len().min(DATES_NAMED)].join(", ");
        if dates.len() > DATES_NAMED {
            named.push_str(", …");
        }
        let text = format!(
            "{} whole day(s) inside the period have no arriving contact at all (local dates {named}; a weekday without a contact on any of its dates is taken as closed every week, and not named): the scenario's arrivals are 0 on them and the weekday means count them as days of 0. Right if the center was closed then; if it was open, the records of those days are missing from the export — add them, or calibrate a period without the gap",
            dates.len()
        );
        Some(DataWarning {
            kind: "empty_dates",
            text,
            detail: json!({"dates": dates}),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_count_each_hour_and_weekday_over_the_days_the_window_covers() {
        // 48 h from Monday 2026-01-05 08:00 UTC, one arrival a minute: 60
        // an hour at every hour of the day (each seen twice), 1,440 on the
        // one whole date (Tuesday); Monday and Wednesday are covered in
        // part and left out of the weekday means.
        let zone = Zone::utc();
        let from = 1_767_600_000_000; // 2026-01-05T08:00:00Z
        let to = from + 48 * 3_600_000;
        let mut c = ProfileCounter::new(&zone, 3_600_000);
        for k in 0..48 * 60 {
            c.add(from + k * 60_000);
        }
        let p = c.finish((from, to));
        assert_eq!(p.intraday_mean, vec![60.0; 24]);
        assert_eq!(p.weekday_mean[1], (1440.0, 1));
        assert_eq!(p.weekday_mean[0], (0.0, 0));
        assert_eq!(p.weekday_mean[2], (0.0, 0));
        let whole: Vec<bool> = p.per_date.iter().map(|d| d.2).collect();
        assert_eq!(whole, [false, true, false]);
        assert_eq!(p.per_date[0].1 + p.per_date[2].1, 1440);

        // A center open 09:00–17:00, records from 08:00 on Monday to 18:00
        // on Tuesday: both dates are whole, the hours missed carry nothing.
        let mut c = ProfileCounter::new(&zone, 3_600_000);
        for day in 0..2 {
            for k in 0..8 * 60 {
                c.add(from + day * 86_400_000 + 3_600_000 + k * 60_000);
            }
        }
        let p = c.finish((from, from + 86_400_000 + 10 * 3_600_000));
        assert_eq!(p.weekday_mean[0], (480.0, 1));
        assert_eq!(p.weekday_mean[1], (480.0, 1));
        assert_eq!(p.intraday_mean[9], 60.0);
        assert_eq!(p.empty_dates_warning(), None);
    }

    #[test]
    fn whole_dates_without_arrivals_are_named() {
        // Arrivals on Monday and Thursday only, the window Monday 00:00 to
        // Friday 00:00: Tuesday and Wednesday are whole and empty.
        let zone = Zone::utc();
        let monday = 1_767_571_200_000; // 2026-01-05T00:00:00Z
        let mut c = ProfileCounter::new(&zone, 3_600_000);
        for day in [0, 3] {
            for k in 0..24 {
                c.add(monday + day * 86_400_000 + k * 3_600_000);
            }
        }
        let p = c.finish((monday, monday + 4 * 86_400_000));
        assert_eq!(p.empty_dates(), ["2026-01-06", "2026-01-07"]);
        let w = p.empty_dates_warning().map(|w| w.text).unwrap_or_default();
        assert!(w.contains("2 whole day(s)"), "{w}");
        assert!(w.contains("2026-01-06, 2026-01-07"), "{w}");
    }

    /// Three weeks of a center open Monday to Friday: its weekends are the
    /// weekly pattern, not gaps, and are not named; a Wednesday missing in
    /// the second week breaks its weekday's pattern and is.
    #[test]
    fn weekly_closed_days_are_not_named_but_a_missing_weekday_is() {
        let zone = Zone::utc();
        let monday = 1_767_571_200_000; // 2026-01-05T00:00:00Z
        let mut c = ProfileCounter::new(&zone, 3_600_000);
        for day in 0..21 {
            let weekend = day % 7 >= 5;
            if weekend || day == 9 {
                continue;
            }
            for k in 8..18 {
                c.add(monday + day * 86_400_000 + k * 3_600_000);
            }
        }
        let p = c.finish((monday, monday + 21 * 86_400_000));
        assert_eq!(p.weekday_mean[5], (0.0, 3));
        assert_eq!(p.empty_dates(), ["2026-01-14"]);
        // One week alone cannot tell a closed Saturday from a gap.
        let mut c = ProfileCounter::new(&zone, 3_600_000);
        for day in 0..5 {
            c.add(monday + day * 86_400_000 + 9 * 3_600_000);
        }
        let p = c.finish((monday, monday + 7 * 86_400_000));
        assert_eq!(p.empty_dates(), ["2026-01-10", "2026-01-11"]);
    }
}
