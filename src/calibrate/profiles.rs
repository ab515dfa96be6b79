//! Volume shapes in the center's local time: contacts per date, the mean
//! day of each weekday, and the mean intraday curve — the profiles a
//! planner reads to see how the week and the day move.

use std::collections::BTreeMap;

use crate::ingest::{LocalDate, Zone};

/// The profiles of one set of arrival instants.
#[derive(Debug, Clone, Default)]
pub struct Profiles {
    /// Contacts per local date, in date order (dates without contacts
    /// inside the span included as 0).
    pub per_date: Vec<(String, u64)>,
    /// Mean contacts per day on each weekday (Monday first) over the dates
    /// observed, and how many dates of that weekday there were.
    pub weekday_mean: [(f64, u32); 7],
    /// Mean contacts per interval of the local day over the observed
    /// dates (`86400 / interval` entries).
    pub intraday_mean: Vec<f64>,
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

    /// The profiles over every local date from the first arrival's to the
    /// last's (quiet dates count as 0).
    pub fn finish(self) -> Profiles {
        let mut per_date: BTreeMap<String, u64> = BTreeMap::new();
        let mut weekday_of: BTreeMap<String, u8> = BTreeMap::new();
        if let Some((a, b)) = self.span {
            let (first, last) = (self.zone.local_date(a), self.zone.local_date(b));
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
        let mut weekday_mean = [(0.0, 0u32); 7];
        for (d, n) in &per_date {
            if let Some(&w) = weekday_of.get(d) {
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
        let days = per_date.len().max(1) as f64;
        Profiles {
            per_date: per_date.into_iter().collect(),
            weekday_mean,
            intraday_mean: self.intraday.iter().map(|&n| n as f64 / days).collect(),
        }
    }
}
