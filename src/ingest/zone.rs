//! The center's time zone (`--time-zone`): local days, weekdays and
//! times of day of instants, for day-of-week and intraday profiles, and
//! local wall-clock times of CSV exports placed on the time line.
//!
//! Backed by `jiff` with its time zone database bundled into the binary
//! (`tzdb-bundle-always`), never the machine's `/usr/share/zoneinfo`, so a
//! calibration gives the same bytes on every machine.
//!
//! Around a daylight-saving change a local wall-clock time can be missing
//! (spring forward) or repeated (fall back); a local time is placed as
//! RFC 5545 and `jiff`'s "compatible" rule does: a missing time is read as
//! if the clock had not yet changed (02:30 on the spring-forward night is
//! 03:30 new time), a repeated one as the earlier of the two. The cells of a
//! CSV of intervals are placed strictly ([`Zone::place_exactly`]): such a
//! time there is refused with the offset to write.

use std::fmt;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{SignedDuration, Timestamp};

use super::error::IngestError;
use super::timestamp::Written;

/// A time zone, by its IANA name.
#[derive(Debug, Clone)]
pub struct Zone {
    tz: TimeZone,
    name: String,
}

/// A local calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalDate {
    /// Year.
    pub year: i16,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, from 1.
    pub day: u8,
}

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Weekday {
    /// Monday (index 0).
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday (index 6).
    Sunday,
}

/// Where an instant falls in local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    /// The local date.
    pub date: LocalDate,
    /// Its weekday.
    pub weekday: Weekday,
    /// Wall-clock milliseconds since local midnight.
    pub ms_of_day: u32,
}

impl Zone {
    /// The zone named `name` (`"America/New_York"`, `"Europe/Berlin"`,
    /// `"UTC"`); an unknown name is an error naming `--time-zone`.
    pub fn parse(name: &str) -> Result<Zone, IngestError> {
        let unknown = |problem: String| IngestError::UnknownZone {
            name: name.into(),
            problem,
        };
        if name.trim().is_empty() {
            return Err(unknown("empty".into()));
        }
        let tz = TimeZone::get(name.trim())
            .map_err(|_| unknown("not in the IANA time zone database".into()))?;
        let name = tz.iana_name().unwrap_or(name.trim()).to_string();
        Ok(Zone { tz, name })
    }

    /// Coordinated Universal Time.
    pub fn utc() -> Zone {
        Zone {
            tz: TimeZone::UTC,
            name: "UTC".into(),
        }
    }

    /// The zone's IANA name, as the database spells it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Where the instant `unix_ms` falls in local time.
    pub fn local(&self, unix_ms: i64) -> LocalTime {
        let dt = match Timestamp::from_millisecond(unix_ms) {
            Ok(t) => self.tz.to_datetime(t),
            // Beyond year ±9999: clamp rather than fail; no export has it.
            Err(_) if unix_ms < 0 => DateTime::MIN,
            Err(_) => DateTime::MAX,
        };
        let t = dt.time();
        let ms_of_day = ((i64::from(t.hour()) * 60 + i64::from(t.minute())) * 60
            + i64::from(t.second()))
            * 1000
            + i64::from(t.millisecond());
        LocalTime {
            date: LocalDate::from_jiff(dt.date()),
            weekday: Weekday::from_jiff(dt.date().weekday()),
            ms_of_day: ms_of_day as u32,
        }
    }

    /// The zone's offset from UTC at `unix_ms`, in milliseconds (+05:30
    /// is 19 800 000).
    pub fn offset_ms(&self, unix_ms: i64) -> i64 {
        Timestamp::from_millisecond(unix_ms)
            .map_or(0, |t| i64::from(self.tz.to_offset(t).seconds()) * 1000)
    }

    /// The local date of `unix_ms`.
    pub fn local_date(&self, unix_ms: i64) -> LocalDate {
        self.local(unix_ms).date
    }

    /// The local weekday of `unix_ms`.
    pub fn weekday(&self, unix_ms: i64) -> Weekday {
        self.local(unix_ms).weekday
    }

    /// Wall-clock seconds since local midnight of `unix_ms` (09:00 is
    /// 32 400 s, also on a daylight-saving day).
    pub fn seconds_since_midnight(&self, unix_ms: i64) -> f64 {
        f64::from(self.local(unix_ms).ms_of_day) / 1000.0
    }

    /// The instant of the local wall-clock time `ms_of_day` after midnight
    /// of `date` (past 24 h it runs into the following days), in Unix
    /// milliseconds; see the module doc for missing and repeated times.
    pub fn to_unix_ms(&self, date: LocalDate, ms_of_day: i64) -> Result<i64, IngestError> {
        let out_of_range = || IngestError::TimeOutOfRange {
            what: format!("{date} + {ms_of_day} ms"),
        };
        let d =
            Date::new(date.year, date.month as i8, date.day as i8).map_err(|_| out_of_range())?;
        let dt = DateTime::from_parts(d, Time::midnight())
            .checked_add(SignedDuration::from_millis(ms_of_day))
            .map_err(|_| out_of_range())?;
        let t = self
            .tz
            .to_ambiguous_timestamp(dt)
            .compatible()
            .map_err(|_| out_of_range())?;
        Ok(t.as_millisecond())
    }

    /// A written date-time as an instant, as [`Zone::place`] does, but
    /// refusing a local time without an offset that the clocks skip
    /// (spring forward) or pass twice (fall back): in a CSV of intervals
    /// such a row would land on its neighbour's instant, and rows of one
    /// interval add up. The message says what to write instead.
    pub fn place_exactly(&self, w: &Written) -> Result<i64, String> {
        if w.instant_ms().is_none() {
            if let Some(dt) = civil(w) {
                let offset = |o: jiff::tz::Offset| {
                    let s = o.seconds();
                    let sign = if s < 0 { '-' } else { '+' };
                    format!("{sign}{:02}:{:02}", s.abs() / 3600, s.abs() % 3600 / 60)
                };
                match self.tz.to_ambiguous_timestamp(dt).offset() {
                    AmbiguousOffset::Unambiguous { .. } => {}
                    AmbiguousOffset::Gap { before, after } => {
                        return Err(format!(
                            "{dt} does not exist in {} (the clocks go forward from {} to {}): leave the row out, or write the instant with its offset",
                            self.name, offset(before), offset(after)
                        ))
                    }
                    AmbiguousOffset::Fold { before, after } => {
                        return Err(format!(
                            "{dt} happens twice in {} (the clocks go back from {} to {}): write which with its offset, e.g. {dt}{} for the first",
                            self.name, offset(before), offset(after), offset(before)
                        ))
                    }
                }
            }
        }
        self.place(w).map_err(|e| e.to_string())
    }

    /// The two instants of a local time without an offset that the clocks
    /// pass twice (fall back), earlier first; `None` for any other
    /// written time.
    pub fn fold(&self, w: &Written) -> Option<(i64, i64)> {
        if w.instant_ms().is_some() {
            return None;
        }
        let dt = civil(w)?;
        let AmbiguousOffset::Fold { before, after } = self.tz.to_ambiguous_timestamp(dt).offset()
        else {
            return None;
        };
        let at = |o: jiff::tz::Offset| Some(o.to_timestamp(dt).ok()?.as_millisecond());
        Some((at(before)?, at(after)?))
    }

    /// A written date-time as an instant: as written when it has an offset,
    /// else as local wall-clock time in this zone.
    pub fn place(&self, w: &Written) -> Result<i64, IngestError> {
        match w.instant_ms() {
            Some(ms) => Ok(ms),
            None => self.to_unix_ms(
                LocalDate {
                    year: w.year,
                    month: w.month,
                    day: w.day,
                },
                i64::from(w.ms_of_day),
            ),
        }
    }
}

/// The civil date-time a written time names, if it is one.
fn civil(w: &Written) -> Option<DateTime> {
    let d = Date::new(w.year, w.month as i8, w.day as i8).ok()?;
    DateTime::from_parts(d, Time::midnight())
        .checked_add(SignedDuration::from_millis(i64::from(w.ms_of_day)))
        .ok()
}

impl LocalDate {
    /// The date `year-month-day`, if there is one.
    pub fn new(year: i16, month: u8, day: u8) -> Option<LocalDate> {
        Date::new(year, month as i8, day as i8).ok()?;
        Some(LocalDate { year, month, day })
    }

    /// Days since 1970-01-01.
    pub fn days_since_epoch(&self) -> i64 {
        super::timestamp::days_from_civil(
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        )
    }

    /// The date `days` days later (earlier when negative).
    pub fn plus_days(&self, days: i64) -> Option<LocalDate> {
        let d = Date::new(self.year, self.month as i8, self.day as i8).ok()?;
        let d = d.checked_add(SignedDuration::from_hours(24 * days)).ok()?;
        Some(LocalDate::from_jiff(d))
    }

    /// The weekday of the date.
    pub fn weekday(&self) -> Weekday {
        // 1970-01-01 was a Thursday (index 3).
        Weekday::ALL[(self.days_since_epoch() + 3).rem_euclid(7) as usize]
    }

    fn from_jiff(d: Date) -> LocalDate {
        LocalDate {
            year: d.year(),
            month: d.month() as u8,
            day: d.day() as u8,
        }
    }
}

impl fmt::Display for LocalDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Weekday {
    /// Monday to Sunday.
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    /// 0 for Monday … 6 for Sunday (ISO 8601 order).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The English name (`Monday`).
    pub fn name(self) -> &'static str {
        [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][self.index()]
    }

    fn from_jiff(w: jiff::civil::Weekday) -> Weekday {
        Weekday::ALL[w.to_monday_zero_offset() as usize]
    }
}

impl fmt::Display for Weekday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve_and_unknown_ones_name_the_flag() {
        assert_eq!(Zone::parse("UTC").unwrap().name(), "UTC");
        assert_eq!(
            Zone::parse("Europe/Berlin").unwrap().name(),
            "Europe/Berlin"
        );
        let e = Zone::parse("Mars/Olympus_Mons").unwrap_err().to_string();
        assert!(e.contains("--time-zone `Mars/Olympus_Mons`"), "{e}");
        assert!(e.contains("America/New_York"), "{e}");
        assert!(Zone::parse("").is_err());
    }

    #[test]
    fn local_day_weekday_and_time_of_day() {
        let ny = Zone::parse("America/New_York").unwrap();
        // 2019-08-13T22:54:40Z is 18:54:40 EDT (UTC-4) on Tuesday 13th.
        let t = ny.local(1_565_736_880_000);
        assert_eq!(t.date, LocalDate::new(2019, 8, 13).unwrap());
        assert_eq!(t.weekday, Weekday::Tuesday);
        assert_eq!(t.ms_of_day, (18 * 3600 + 54 * 60 + 40) * 1000);
        // 02:00Z on the 14th is still the 13th in New York.
        let t = ny.local(1_565_748_000_000);
        assert_eq!(t.date.to_string(), "2019-08-13");
        assert_eq!(ny.seconds_since_midnight(1_565_748_000_000), 22.0 * 3600.0);
        assert_eq!(
            LocalDate::new(2019, 8, 13).unwrap().weekday(),
            Weekday::Tuesday
        );
    }

    #[test]
    fn interval_starts_the_clocks_skip_or_repeat_are_refused_with_the_offset_to_write() {
        let ny = Zone::parse("America/New_York").unwrap();
        let w = |s: &str| crate::ingest::timestamp::parse(s).unwrap();
        let twice = ny.place_exactly(&w("2024-11-03T01:30")).unwrap_err();
        assert!(
            twice.contains("happens twice in America/New_York")
                && twice.contains("2024-11-03T01:30:00-04:00 for the first"),
            "{twice}"
        );
        let skipped = ny.place_exactly(&w("2024-03-10T02:30")).unwrap_err();
        assert!(
            skipped.contains("does not exist in America/New_York"),
            "{skipped}"
        );
        // With its offset, the second 01:30 is 06:30Z.
        assert_eq!(
            ny.place_exactly(&w("2024-11-03T01:30-05:00")),
            Ok(1_730_615_400_000)
        );
        // Other local times are placed as `place` places them.
        for t in ["2024-11-03T03:00", "2024-03-10T03:00", "2024-07-01T12:15"] {
            assert_eq!(
                ny.place_exactly(&w(t)),
                ny.place(&w(t)).map_err(|e| e.to_string()),
                "{t}"
            );
        }
    }

    #[test]
    fn local_wall_clock_to_instants_across_daylight_saving() {
        let ny = Zone::parse("America/New_York").unwrap();
        let day = LocalDate::new(2024, 3, 10).unwrap(); // spring forward at 02:00
        let h = 3_600_000;
        let midnight = ny.to_unix_ms(day, 0).unwrap();
        assert_eq!(midnight, 1_710_046_800_000); // 05:00Z (EST)
        assert_eq!(ny.to_unix_ms(day, h).unwrap() - midnight, h);
        // 03:00 EDT is two real hours after midnight…
        assert_eq!(ny.to_unix_ms(day, 3 * h).unwrap() - midnight, 2 * h);
        // …and the missing 02:30 is read as 03:30 EDT.
        assert_eq!(
            ny.to_unix_ms(day, 2 * h + h / 2).unwrap() - midnight,
            2 * h + h / 2
        );
        // Fall back: 01:30 on 2024-11-03 happens twice; the earlier (EDT).
        let fall = LocalDate::new(2024, 11, 3).unwrap();
        assert_eq!(
            ny.to_unix_ms(fall, h + h / 2).unwrap(),
            1_730_611_800_000 // 05:30Z
        );
        assert_eq!(
            LocalDate::new(2024, 2, 28).unwrap().plus_days(2),
            LocalDate::new(2024, 3, 1)
        );
    }
}
