//! Volume shapes in the center's local time: contacts per date, the mean
//! day of each weekday, and the mean intraday curve — the profiles a
//! planner reads to see how the week and the day move.

use std::collections::BTreeMap;

/// An instant in the center's local time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Local {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// 0 = Monday … 6 = Sunday.
    pub weekday: u8,
    /// Seconds since local midnight.
    pub second_of_day: u32,
}

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

/// Builds the profiles of `instants` (Unix ms) in local time, with
/// `interval_s`-second intraday buckets; `dates` lists every local date
/// of the observed span with its weekday (so quiet days count as 0).
pub fn build(
    instants: impl IntoIterator<Item = i64>,
    local: &dyn Fn(i64) -> Local,
    dates: &[(String, u8)],
    interval_s: u32,
) -> Profiles {
    let buckets = (86_400 / interval_s.max(1)) as usize;
    let mut per_date: BTreeMap<String, u64> = dates.iter().map(|(d, _)| (d.clone(), 0)).collect();
    let mut intraday = vec![0u64; buckets];
    for t in instants {
        let l = local(t);
        *per_date.entry(l.date).or_insert(0) += 1;
        intraday[(l.second_of_day / interval_s.max(1)) as usize % buckets] += 1;
    }
    let mut weekday_mean = [(0.0, 0u32); 7];
    let weekday_of: BTreeMap<&str, u8> = dates.iter().map(|(d, w)| (d.as_str(), *w)).collect();
    for (d, n) in &per_date {
        if let Some(&w) = weekday_of.get(d.as_str()) {
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
        intraday_mean: intraday.iter().map(|&n| n as f64 / days).collect(),
    }
}
