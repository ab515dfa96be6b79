//! ISO 8601 date-times as real exports write them, read fast (a contact
//! record has about ten, and a calibration reads millions of records).
//!
//! Accepted: `YYYY-MM-DD`, then optionally `T` (or a space) and
//! `HH:MM[:SS[.fff…]]`, then optionally `Z` or a numeric offset (`+02:00`,
//! `-0500`, `+02`). Contact records always carry `Z` (real ones are
//! `2019-08-13T22:54:40Z`; some tools write `.123Z`). Fractions of a
//! second are kept to the millisecond, truncated (as a clock reading the
//! millisecond does). A text without an offset is a local wall-clock time:
//! [`super::zone::Zone`] places it.

pub use crate::timefmt::days_from_civil;

/// Days in month `m` of year `y`.
pub fn days_in_month(y: i64, m: u8) -> u8 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

const DAY_MS: i64 = 86_400_000;

/// A date and time as written, before a time zone places a local one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Year.
    pub year: i16,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, from 1.
    pub day: u8,
    /// Wall-clock milliseconds since midnight (0 for a bare date).
    pub ms_of_day: u32,
    /// The offset from UTC in seconds, when written (`Z` is 0).
    pub offset_s: Option<i32>,
}

impl Written {
    /// Days since 1970-01-01 of the written date.
    pub fn days(&self) -> i64 {
        days_from_civil(
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        )
    }

    /// The instant, in Unix milliseconds, when an offset was written.
    pub fn instant_ms(&self) -> Option<i64> {
        let off = i64::from(self.offset_s?);
        Some(self.days() * DAY_MS + i64::from(self.ms_of_day) - off * 1000)
    }
}

/// Reads a [`Written`] from `text`; the error says what is wrong.
pub fn parse(text: &str) -> Result<Written, String> {
    let mut c = Cursor {
        b: text.trim().as_bytes(),
        at: 0,
    };
    let bad = |why: &str| format!("`{text}` is not an ISO 8601 date-time ({why})");
    let year = c.digits(4).ok_or_else(|| bad("no YYYY-MM-DD date"))?;
    let month = c.sep(b'-').and_then(|_| c.digits(2));
    let day = c.sep(b'-').and_then(|_| c.digits(2));
    let (Some(month), Some(day)) = (month, day) else {
        return Err(bad("no YYYY-MM-DD date"));
    };
    if !(1..=12).contains(&month)
        || day < 1
        || day > u32::from(days_in_month(year.into(), month as u8))
    {
        return Err(bad("no such date"));
    }
    let ms_of_day = if matches!(c.peek(), Some(b'T' | b't' | b' ')) {
        c.at += 1;
        c.time().map_err(bad)?
    } else {
        0
    };
    let offset_s = c.offset().map_err(bad)?;
    if c.at != c.b.len() {
        return Err(bad("unexpected text after the time"));
    }
    Ok(Written {
        year: year as i16,
        month: month as u8,
        day: day as u8,
        ms_of_day,
        offset_s,
    })
}

/// The first year whose instants are refused ([`representable`]):
/// scenarios' dates go up to 9999-12-30 (the date library's last day),
/// and a period of records (up to [`super::keys::MAX_SPAN_DAYS`], three
/// years) with its drain must end before it.
pub const YEAR_REFUSED_FROM: i64 = 9996;

/// Whether the instant `ms` (Unix ms) is one a scenario calibrated from
/// it can hold: before [`YEAR_REFUSED_FROM`]. A fuzz campaign's find: one
/// call on 9999-12-31 was read, and the scenario calibrated from it did
/// not validate.
pub fn representable(ms: i64) -> bool {
    ms < days_from_civil(YEAR_REFUSED_FROM, 1, 1) * DAY_MS
}

/// The instant `ms`, written `text`, if it is [`representable`]; else
/// what is wrong with it, for the reader's error (records and CSVs alike).
pub fn within_years(text: &str, ms: i64) -> Result<i64, String> {
    if representable(ms) {
        Ok(ms)
    } else {
        Err(format!(
            "`{text}` is beyond the times ccsim can represent (before {YEAR_REFUSED_FROM}-01-01)"
        ))
    }
}

/// Reads an instant (a date-time with `Z` or an offset) into Unix
/// milliseconds.
pub fn parse_instant(text: &str) -> Result<i64, String> {
    let w = parse(text)?;
    w.instant_ms().ok_or_else(|| {
        format!("`{text}` has no time zone (contact record timestamps are UTC and end in `Z`)")
    })
}

/// A byte cursor over the text.
struct Cursor<'a> {
    b: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.at).copied()
    }

    /// Exactly `n` ASCII digits.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let s = self.b.get(self.at..self.at + n)?;
        let mut v = 0u32;
        for &d in s {
            if !d.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(d - b'0');
        }
        self.at += n;
        Some(v)
    }

    /// The separator `s`, consumed.
    fn sep(&mut self, s: u8) -> Option<()> {
        (self.peek() == Some(s)).then(|| self.at += 1)
    }

    /// `HH:MM[:SS[.fff…]]` → milliseconds since midnight.
    fn time(&mut self) -> Result<u32, &'static str> {
        let hm = (|| {
            let h = self.digits(2)?;
            self.sep(b':')?;
            Some((h, self.digits(2)?))
        })();
        let Some((h, m)) = hm else {
            return Err("no HH:MM time after the date");
        };
        let mut s = 0;
        let mut ms = 0;
        if self.sep(b':').is_some() {
            s = self.digits(2).ok_or("no SS seconds after HH:MM:")?;
            if matches!(self.peek(), Some(b'.' | b',')) {
                self.at += 1;
                ms = self
                    .fraction_ms()
                    .ok_or("no digits after the decimal point")?;
            }
        }
        if h > 23 || m > 59 || s > 59 {
            return Err("no such time of day");
        }
        Ok(((h * 60 + m) * 60 + s) * 1000 + ms)
    }

    /// The digits of a fraction of a second, as milliseconds (truncated).
    fn fraction_ms(&mut self) -> Option<u32> {
        let start = self.at;
        let mut ms = 0;
        while let Some(d) = self.peek().filter(u8::is_ascii_digit) {
            if self.at - start < 3 {
                ms = ms * 10 + u32::from(d - b'0');
            }
            self.at += 1;
        }
        let n = self.at - start;
        (n > 0).then(|| ms * 10u32.pow(3usize.saturating_sub(n) as u32))
    }

    /// `Z`, `±HH[:MM]`, `±HHMM` or nothing.
    fn offset(&mut self) -> Result<Option<i32>, &'static str> {
        let sign = match self.peek() {
            None => return Ok(None),
            Some(b'Z' | b'z') => {
                self.at += 1;
                return Ok(Some(0));
            }
            Some(b'+') => 1,
            Some(b'-') => -1,
            Some(_) => return Err("unexpected text after the time"),
        };
        self.at += 1;
        let h = self.digits(2).ok_or("no HH after the offset's sign")?;
        self.sep(b':');
        let m = if self.at < self.b.len() {
            self.digits(2).ok_or("no MM in the offset")?
        } else {
            0
        };
        if h > 23 || m > 59 {
            return Err("no such offset");
        }
        Ok(Some(sign * (h * 3600 + m * 60) as i32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Instants the scenario's dates cannot hold, with room for a period
    /// and its drain, are not representable; the day before is.
    #[test]
    fn instants_beyond_the_representable_years_are_told() {
        let at = |t: &str| parse_instant(t).unwrap_or_else(|e| panic!("{e}"));
        assert!(!representable(at("9999-12-31T08:00:00Z")));
        assert!(!representable(at("9996-01-01T00:00:00Z")));
        assert!(representable(at("9995-12-31T23:59:59.999Z")));
        assert!(representable(at("2019-08-13T22:54:40Z")));
    }

    #[test]
    fn connect_timestamps_and_variants() {
        let t = parse_instant("2019-08-13T22:54:40Z").unwrap();
        assert_eq!(t, 1_565_736_880_000);
        assert_eq!(parse_instant("2019-08-13T22:54:40.123Z"), Ok(t + 123));
        assert_eq!(parse_instant("2019-08-13T22:54:40.1239Z"), Ok(t + 123));
        assert_eq!(parse_instant("2019-08-13T22:54:40.5z"), Ok(t + 500));
        assert_eq!(parse_instant("2019-08-14T00:54:40+02:00"), Ok(t));
        assert_eq!(parse_instant("2019-08-13T17:54:40-0500"), Ok(t));
        assert_eq!(parse_instant("2019-08-14T00:54:40+02"), Ok(t));
        assert_eq!(parse_instant(" 2019-08-13 22:54:40Z "), Ok(t));
        assert_eq!(parse_instant("1970-01-01T00:00Z"), Ok(0));
    }

    #[test]
    fn local_times_keep_no_offset() {
        let w = parse("2024-03-10T02:30:00").unwrap();
        assert_eq!((w.year, w.month, w.day), (2024, 3, 10));
        assert_eq!(w.ms_of_day, 9_000_000);
        assert_eq!(w.offset_s, None);
        assert_eq!(parse("2024-03-10").unwrap().ms_of_day, 0);
        assert!(parse_instant("2024-03-10T02:30:00")
            .unwrap_err()
            .contains("no time zone"));
    }

    #[test]
    fn nonsense_is_refused_with_a_reason() {
        for (text, why) in [
            ("yesterday", "no YYYY-MM-DD date"),
            ("2019-02-29T00:00:00Z", "no such date"),
            ("2019-13-01T00:00:00Z", "no such date"),
            ("2019-08-13T24:00:00Z", "no such time of day"),
            ("2019-08-13T22:54:40.Z", "no digits after the decimal point"),
            ("2019-08-13T22:54:40Q", "unexpected text after the time"),
            ("2019-08-13T22", "no HH:MM time"),
            ("2019-08-13T22:54:40+2", "no HH after the offset's sign"),
        ] {
            let e = parse(text).unwrap_err();
            assert!(e.contains(why), "{text}: {e}");
        }
        assert!(parse("2020-02-29T00:00:00Z").is_ok());
    }
}
