//! Connect's historical metrics report, downloaded as CSV ("Download CSV"
//! in the report, or a scheduled report saved to S3): one row per queue ×
//! interval. The volume source when no contact records are available.
//!
//! Accepted header names (case, spaces and punctuation do not matter, so
//! `StartInterval` = `Start interval` = `start_interval`):
//!
//! | column | required | names |
//! |---|---|---|
//! | queue | yes | `Queue`, `Queue name` |
//! | interval start | yes | `StartInterval`, `Interval start` |
//! | contacts queued | yes | `Contacts queued` |
//! | interval end | no | `EndInterval`, `Interval end` |
//! | channel | no | `Channel` |
//! | contacts handled | no | `Contacts handled` |
//! | contacts abandoned | no | `Contacts abandoned` |
//! | average queue answer time | no | `Average queue answer time`, `Avg. queue answer time` |
//! | average queue abandon time | no | `Average queue abandon time`, `Avg. queue abandon time` |
//! | average handle time | no | `Average handle time`, `Avg. handle time` |
//! | service level | no | `Service level N seconds`, any N (several allowed) |
//!
//! Other columns are ignored; a title line or two above the header is
//! skipped. Cells: counts are whole numbers (`1,234` allowed); times are
//! seconds or `HH:MM:SS`; service levels are percentages (`85.5%`, or
//! `85.5` — Connect's unit is percent); Connect writes `-` where a metric
//! has no data: a count of 0, an average or service level unknown. An
//! average time of a day or more is refused.
//!
//! Interval times are ISO 8601 (`2024-03-04T09:00:00`, `2024-03-04 09:00`,
//! with or without seconds). With an offset or `Z` they are that instant;
//! without one they are wall-clock times in the report's time zone, which
//! is the `--time-zone` given (Connect's report writes local times in the
//! zone chosen in its settings — choose the same). Without an interval end
//! column, each interval lasts the smallest step between distinct interval
//! starts in the file (30 minutes when there is only one start: the
//! report's default interval).
//!
//! A second row for the same queue, channel and interval start is refused
//! (overlapping downloads would count the interval twice), as is a queue
//! that abandoned more contacts than it queued over the whole report.

use std::path::Path;

use super::csv_columns::{self, normalize, Column, Row, Table};
use super::error::{IngestError, Location};
use super::zone::Zone;

/// One queue × interval row of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct IntervalMetrics {
    /// `Queue`.
    pub queue: String,
    /// `Channel`, when the report is grouped by it.
    pub channel: Option<String>,
    /// Interval start, Unix ms.
    pub start_ms: i64,
    /// Interval end, Unix ms.
    pub end_ms: i64,
    /// `Contacts queued`.
    pub contacts_queued: u64,
    /// `Contacts handled` (incoming and outgoing, as Connect counts it).
    pub contacts_handled: Option<u64>,
    /// `Contacts abandoned`.
    pub contacts_abandoned: Option<u64>,
    /// `Average queue answer time`, seconds (`None`: no column or no data).
    pub avg_queue_answer_time_s: Option<f64>,
    /// `Average queue abandon time`, seconds: how long the abandoned
    /// contacts waited (`None`: no column or no data).
    pub avg_queue_abandon_time_s: Option<f64>,
    /// `Average handle time`, seconds.
    pub avg_handle_time_s: Option<f64>,
    /// `Service level N seconds`: (N, share answered within N s, 0–1), by
    /// N; thresholds without data in this row are left out.
    pub service_level: Vec<(u32, f64)>,
    /// The row's line in the file.
    pub line: u64,
}

/// The queue column.
pub const QUEUE: Column = Column {
    role: "queue",
    names: &["Queue", "Queue name"],
};
/// The interval-start column.
pub const START: Column = Column {
    role: "interval start",
    names: &["StartInterval", "Interval start"],
};
/// The interval-end column.
pub const END: Column = Column {
    role: "interval end",
    names: &["EndInterval", "Interval end"],
};
/// The channel column.
pub const CHANNEL: Column = Column {
    role: "channel",
    names: &["Channel"],
};
/// The contacts-queued column.
pub const QUEUED: Column = Column {
    role: "contacts queued",
    names: &["Contacts queued"],
};
/// The contacts-handled column.
pub const HANDLED: Column = Column {
    role: "contacts handled",
    names: &["Contacts handled"],
};
/// The contacts-abandoned column.
pub const ABANDONED: Column = Column {
    role: "contacts abandoned",
    names: &["Contacts abandoned"],
};
/// The average-queue-answer-time column.
pub const ASA: Column = Column {
    role: "average queue answer time",
    names: &["Average queue answer time", "Avg. queue answer time"],
};
/// The average-queue-abandon-time column.
pub const ABANDON_TIME: Column = Column {
    role: "average queue abandon time",
    names: &["Average queue abandon time", "Avg. queue abandon time"],
};
/// The average-handle-time column.
pub const AHT: Column = Column {
    role: "average handle time",
    names: &["Average handle time", "Avg. handle time"],
};

/// The longest average time (answer, abandon, handle) a row may give:
/// a day, in seconds.
const MAX_AVERAGE_S: f64 = 86_400.0;

/// Columns a historical metrics report must have.
pub const REQUIRED: [Column; 3] = [QUEUE, START, QUEUED];

/// Default interval when the file shows only one start: the report's
/// default interval, 30 minutes.
const DEFAULT_INTERVAL_MS: i64 = 30 * 60 * 1000;

/// Where each column is.
struct Columns {
    queue: usize,
    start: usize,
    queued: usize,
    end: Option<usize>,
    channel: Option<usize>,
    handled: Option<usize>,
    abandoned: Option<usize>,
    asa: Option<usize>,
    abandon_time: Option<usize>,
    aht: Option<usize>,
    service_levels: Vec<(usize, u32)>,
}

/// Reads a historical metrics CSV; local interval times are in `zone`.
/// Rows come in file order.
pub fn read_historical_metrics(
    path: &Path,
    zone: &Zone,
) -> Result<Vec<IntervalMetrics>, IngestError> {
    let mut table = Table::open(path, &REQUIRED)?;
    let cols = Columns::of(&table);
    let mut out = Vec::new();
    let mut starts = csv_columns::SeriesStarts::new(false);
    while let Some(row) = table.next_row()? {
        out.push(cols.read(&table, &row, zone, &mut starts)?);
    }
    if cols.end.is_none() {
        let step = smallest_step(&out);
        for m in &mut out {
            m.end_ms = m.start_ms + step;
        }
    }
    for m in &out {
        // More than a contact a millisecond is beyond any scenario's clock
        // (`scenario::limits::MAX_RATE_PER_HOUR`): a column or unit gone wrong.
        let hours = (m.end_ms - m.start_ms) as f64 / 3_600_000.0;
        let most = crate::scenario::limits::MAX_RATE_PER_HOUR * hours;
        if m.contacts_queued as f64 > most {
            return Err(IngestError::Field {
                at: Box::new(Location::line(&table.path, m.line)),
                field: table.header.get(cols.queued).cloned().unwrap_or_default(),
                problem: format!(
                    "{} contacts in {} minutes is more than one a millisecond",
                    m.contacts_queued,
                    (m.end_ms - m.start_ms) / 60_000
                ),
                hint: "write the contacts queued in the row's interval",
            });
        }
    }
    check_once_per_interval(&table, cols.start, &out)?;
    check_abandoned_within_queued(&table, &cols, &out)?;
    Ok(out)
}

/// Refuses a second row for the same queue, channel and interval start:
/// two downloads that overlap, or a report saved twice into one file,
/// would count that interval's contacts twice.
fn check_once_per_interval(
    table: &Table,
    start_col: usize,
    rows: &[IntervalMetrics],
) -> Result<(), IngestError> {
    let mut seen = std::collections::BTreeMap::new();
    for m in rows {
        let key = (m.queue.as_str(), m.channel.as_deref(), m.start_ms);
        if let Some(first) = seen.insert(key, m.line) {
            return Err(IngestError::Field {
                at: Box::new(Location::line(&table.path, m.line)),
                field: table.header.get(start_col).cloned().unwrap_or_default(),
                problem: format!(
                    "queue \"{}\"{} has a row for this interval already, on line {first}",
                    m.queue,
                    m.channel
                        .as_deref()
                        .map(|c| format!(" ({c})"))
                        .unwrap_or_default()
                ),
                hint: "keep one row per queue and interval (reports downloaded twice, or for overlapping periods, repeat rows); a report per channel needs its Channel column",
            });
        }
    }
    check_no_overlap(table, start_col, rows)
}

/// Refuses a row of a queue and channel that starts before the one before
/// it (in time) ends: its contacts would be counted on top of that row's
/// for the time both cover (a fuzz campaign's find: a row 08:15–09:15
/// beside half-hour rows was added to three of them without a word).
fn check_no_overlap(
    table: &Table,
    start_col: usize,
    rows: &[IntervalMetrics],
) -> Result<(), IngestError> {
    let mut by_series: std::collections::BTreeMap<(&str, Option<&str>), Vec<&IntervalMetrics>> =
        std::collections::BTreeMap::new();
    for m in rows {
        by_series
            .entry((m.queue.as_str(), m.channel.as_deref()))
            .or_default()
            .push(m);
    }
    for series in by_series.values_mut() {
        series.sort_by_key(|m| (m.start_ms, m.line));
        for pair in series.windows(2) {
            let (before, m) = (pair[0], pair[1]);
            if before.end_ms > m.start_ms {
                return Err(IngestError::Field {
                    at: Box::new(Location::line(&table.path, m.line)),
                    field: table.header.get(start_col).cloned().unwrap_or_default(),
                    problem: format!(
                        "queue \"{}\"{}: this row starts before the row on line {} ends ({} s of the two overlap)",
                        m.queue,
                        m.channel
                            .as_deref()
                            .map(|c| format!(" ({c})"))
                            .unwrap_or_default(),
                        before.line,
                        (before.end_ms.min(m.end_ms.max(m.start_ms)) - m.start_ms) / 1000
                    ),
                    hint: "keep rows of one queue that do not overlap in time, all of one interval length (a report of half hours and another of hours for the same queue count its contacts twice)",
                });
            }
        }
    }
    Ok(())
}

/// Refuses two reports with a row for the same queue, channel and interval
/// start: overlapping downloads, read together, would count the interval
/// twice (as [`check_once_per_interval`] refuses within one report).
pub fn check_once_across(reports: &[(&Path, Vec<IntervalMetrics>)]) -> Result<(), IngestError> {
    // Each report has a row per key at most (`check_once_per_interval`), so
    // a key seen before is another report's.
    let mut seen = std::collections::BTreeMap::new();
    for (path, rows) in reports {
        for m in rows {
            let key = (m.queue.as_str(), m.channel.as_deref(), m.start_ms);
            if let Some((first, line)) = seen.insert(key, (*path, m.line)) {
                return Err(IngestError::Field {
                    at: Box::new(Location::line(path, m.line)),
                    field: "StartInterval".into(),
                    problem: format!(
                        "queue \"{}\" has a row for this interval in {} too, on line {line}",
                        m.queue,
                        first.display()
                    ),
                    hint: "give each interval once: reports downloaded for overlapping periods repeat rows (cut one to the other's end); reports per channel need their Channel column",
                });
            }
        }
    }
    Ok(())
}

/// Refuses a queue that abandoned more contacts than it queued over the
/// whole report: every abandoned contact was queued first (an interval
/// may abandon some queued in the one before, the report as a whole
/// cannot), so the columns are swapped or the counts are from different
/// reports. Handled contacts are not compared: Connect counts outgoing
/// ones too.
fn check_abandoned_within_queued(
    table: &Table,
    cols: &Columns,
    rows: &[IntervalMetrics],
) -> Result<(), IngestError> {
    let Some(abandoned_col) = cols.abandoned else {
        return Ok(());
    };
    let mut totals: std::collections::BTreeMap<&str, (u64, u64, u64)> = Default::default();
    for m in rows {
        let t = totals.entry(m.queue.as_str()).or_insert((0, 0, m.line));
        t.0 += m.contacts_queued;
        t.1 += m.contacts_abandoned.unwrap_or(0);
    }
    match totals.into_iter().find(|(_, (queued, abandoned, _))| abandoned > queued) {
        None => Ok(()),
        Some((queue, (queued, abandoned, line))) => Err(IngestError::Field {
            at: Box::new(Location::line(&table.path, line)),
            field: table.header.get(abandoned_col).cloned().unwrap_or_default(),
            problem: format!(
                "queue \"{queue}\" abandoned {abandoned} contacts over the report but queued only {queued}"
            ),
            hint: "every abandoned contact was queued first: check that the columns are Connect's `Contacts queued` and `Contacts abandoned`, from the same report",
        }),
    }
}

/// N of a `Service level N seconds` header (normalized).
fn service_level_threshold(normalized: &str) -> Option<u32> {
    let rest = normalized.strip_prefix("servicelevel")?;
    let digits = rest.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let unit = &rest[digits.len()..];
    if !matches!(unit, "seconds" | "second" | "secs" | "sec" | "s") {
        return None;
    }
    digits.parse().ok()
}

impl Columns {
    fn of(t: &Table) -> Columns {
        let req = |c: &Column| t.find(c).unwrap_or(0); // Table::open checked them
        let mut service_levels: Vec<(usize, u32)> = t
            .normalized()
            .filter_map(|(i, n)| service_level_threshold(n).map(|s| (i, s)))
            .collect();
        service_levels.sort_by_key(|&(i, s)| (s, i));
        Columns {
            queue: req(&QUEUE),
            start: req(&START),
            queued: req(&QUEUED),
            end: t.find(&END),
            channel: t.find(&CHANNEL),
            handled: t.find(&HANDLED),
            abandoned: t.find(&ABANDONED),
            asa: t.find(&ASA),
            abandon_time: t.find(&ABANDON_TIME),
            aht: t.find(&AHT),
            service_levels,
        }
    }

    fn read(
        &self,
        t: &Table,
        row: &Row,
        zone: &Zone,
        starts: &mut csv_columns::SeriesStarts,
    ) -> Result<IntervalMetrics, IngestError> {
        let time_hint = "write ISO 8601, e.g. 2024-03-04T09:00:00 (local, in --time-zone) or 2024-03-04T14:00:00Z";
        let at = |i: usize| t.cell(row, i);
        let cell = |i: usize, f: fn(&str) -> Result<u64, String>, hint: &'static str| {
            f(at(i)).map_err(|p| t.bad_cell(row, i, p, hint))
        };
        let count_hint = "write a whole number of contacts, or - for no data";
        // An average time of a day or more is no queue's or contact's (a
        // unit or export error): it would make patience or handle time
        // absurd without a word.
        let secs = |i: Option<usize>| -> Result<Option<f64>, IngestError> {
            let Some(i) = i else { return Ok(None) };
            let hint = "write seconds (95) or HH:MM:SS (00:01:35)";
            match csv_columns::seconds(at(i)).map_err(|p| t.bad_cell(row, i, p, hint))? {
                Some(v) if v >= MAX_AVERAGE_S => Err(t.bad_cell(
                    row,
                    i,
                    format!(
                        "`{}` is a day or more, no average time of a queue or a contact",
                        at(i)
                    ),
                    "check the cell's unit: seconds (95) or HH:MM:SS (00:01:35)",
                )),
                v => Ok(v),
            }
        };
        let Some(queue) = t.name_cell(row, self.queue)? else {
            return Err(t.bad_cell(
                row,
                self.queue,
                "empty".into(),
                "name the queue of every row",
            ));
        };
        let channel = self
            .channel
            .map(|i| at(i).to_ascii_uppercase())
            .filter(|c| !c.is_empty());
        // A queue's rows per channel are one series of intervals.
        let series = format!("{queue}\u{1f}{}", channel.as_deref().unwrap_or(""));
        let mut start_ms = starts
            .place(&series, at(self.start), zone)
            .map_err(|p| t.bad_cell(row, self.start, p, time_hint))?;
        let end_ms = match self.end {
            Some(i) => {
                let mut end = csv_columns::boundary(at(i), zone, start_ms)
                    .map_err(|p| t.bad_cell(row, i, p, time_hint))?;
                // A repeated local time read as the second (the row before
                // was past the first) whose end comes before it: the end
                // says it is the first (rows out of time order).
                if end <= start_ms {
                    if let Some(first) = starts.earlier(&series, at(self.start), zone, start_ms) {
                        start_ms = first;
                        end = csv_columns::boundary(at(i), zone, start_ms)
                            .map_err(|p| t.bad_cell(row, i, p, time_hint))?;
                    }
                }
                if end <= start_ms {
                    let problem = format!(
                        "`{}` is not after the interval start `{}`",
                        at(i),
                        at(self.start)
                    );
                    return Err(t.bad_cell(row, i, problem, "an interval ends after it starts"));
                }
                end
            }
            None => start_ms,
        };
        let mut service_level = Vec::new();
        for &(i, threshold) in &self.service_levels {
            let share = csv_columns::share(at(i))
                .map_err(|p| t.bad_cell(row, i, p, "write a percentage such as 85.5%"))?;
            if let Some(s) = share {
                service_level.push((threshold, s));
            }
        }
        Ok(IntervalMetrics {
            queue: queue.to_string(),
            channel,
            start_ms,
            end_ms,
            contacts_queued: cell(self.queued, csv_columns::count, count_hint)?,
            contacts_handled: self
                .handled
                .map(|i| cell(i, csv_columns::count, count_hint))
                .transpose()?,
            contacts_abandoned: self
                .abandoned
                .map(|i| cell(i, csv_columns::count, count_hint))
                .transpose()?,
            avg_queue_answer_time_s: secs(self.asa)?,
            avg_queue_abandon_time_s: secs(self.abandon_time)?,
            avg_handle_time_s: secs(self.aht)?,
            service_level,
            line: row.line,
        })
    }
}

/// The smallest positive step between distinct interval starts.
fn smallest_step(rows: &[IntervalMetrics]) -> i64 {
    let mut starts: Vec<i64> = rows.iter().map(|m| m.start_ms).collect();
    starts.sort_unstable();
    starts.dedup();
    starts
        .windows(2)
        .map(|w| w[1] - w[0])
        .min()
        .unwrap_or(DEFAULT_INTERVAL_MS)
}

/// Whether a header (normalized cells) is a historical metrics report's.
pub fn is_metrics_header(normalized: &[String]) -> bool {
    REQUIRED
        .iter()
        .all(|c| c.names.iter().any(|n| normalized.contains(&normalize(n))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_level_headers() {
        assert_eq!(service_level_threshold("servicelevel20seconds"), Some(20));
        assert_eq!(service_level_threshold("servicelevel180sec"), Some(180));
        assert_eq!(service_level_threshold("servicelevel"), None);
        assert_eq!(service_level_threshold("servicelevel20minutes"), None);
        assert_eq!(service_level_threshold("contactsqueued"), None);
    }
}
