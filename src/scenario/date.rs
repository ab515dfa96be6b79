//! The scenario's `[simulation] start`: the instant virtual time zero
//! stands for, written as people write one, parsed by `jiff` (with its time
//! zone database bundled into the binary, so every machine reads a zone
//! the same way):
//!
//! - a UTC instant or one with an offset: `2026-01-05T08:00:00Z`,
//!   `2026-01-05T08:00:00+01:00`;
//! - a local time in an IANA zone, by suffix — `2026-01-05T08:00[Europe/Berlin]`
//!   — or with `time_zone = "Europe/Berlin"` beside a local
//!   `start = "2026-01-05T08:00"`;
//! - a bare date: midnight, UTC or in `time_zone`.
//!
//! A local time the zone skips (02:30 on a spring-forward night) or repeats
//! (fall back) is refused: which instant was meant is the planner's call.
//! Only the start is read in the zone: every file keeps UTC instants
//! (README, "What you get"); the HTML report shows its interval labels in
//! the zone the start was written in ([`display_zone`]).
//!
//! ISO 8601 UTC formatting lives in [`crate::timefmt`], shared with the
//! outputs; re-exported here for the scenario's rooms.

use jiff::civil::{Date, DateTime};
use jiff::fmt::temporal::{DateTimeParser, Pieces, PiecesOffset};
use jiff::tz::{Disambiguation, Offset, TimeZone};
use jiff::Timestamp;

pub use crate::timefmt::{format_iso8601_utc, parse_iso8601_utc};

/// Reads zone suffixes strictly: an offset that disagrees with the zone,
/// or a local time the zone skips or repeats, is an error.
static STRICT: DateTimeParser = DateTimeParser::new().disambiguation(Disambiguation::Reject);

/// The Unix milliseconds `start` stands for, read in `time_zone` (an IANA
/// name) when it carries no offset or zone of its own. The error says what
/// is wrong, for the scenario's problem list.
pub fn parse_start(start: &str, time_zone: Option<&str>) -> Result<i64, String> {
    let text = start.trim();
    let zone = match time_zone {
        Some(name) => Some(
            TimeZone::get(name.trim())
                .map_err(|_| format!("`{name}` is not an IANA time zone name"))?,
        ),
        None => None,
    };
    let ms = |t: Timestamp| t.as_millisecond();
    // ISO 8601 and jiff read offsets up to ±25:59; the world's zones lie
    // between −12:00 and +14:00, so anything past them is a typo.
    if let Some(PiecesOffset::Numeric(n)) = Pieces::parse(text).ok().and_then(|p| p.offset()) {
        let secs = n.offset().seconds();
        if !(-12 * 3600..=14 * 3600).contains(&secs) {
            let (sign, a) = (if secs < 0 { '-' } else { '+' }, secs.abs());
            return Err(format!(
                "`{text}` has the offset {sign}{:02}:{:02}, outside the −12:00 to +14:00 of the world's time zones",
                a / 3600,
                a % 3600 / 60
            ));
        }
    }
    if text.contains('[') {
        let zoned = STRICT
            .parse_zoned(text)
            .map_err(|e| format!("`{text}` is not a time in a zone: {e}"))?;
        if let (Some(tz), Some(name)) = (&zone, time_zone) {
            if tz.iana_name() != zoned.time_zone().iana_name() {
                return Err(format!(
                    "`{text}` names another zone than time_zone = \"{name}\""
                ));
            }
        }
        return Ok(ms(zoned.timestamp()));
    }
    if let Ok(t) = text.parse::<Timestamp>() {
        return Ok(ms(t));
    }
    let local = match text.parse::<DateTime>() {
        Ok(dt) => dt,
        Err(_) => match text.parse::<Date>() {
            Ok(d) => d.to_datetime(jiff::civil::Time::midnight()),
            Err(_) => return Err(format!("`{text}` is not an ISO 8601 date-time")),
        },
    };
    match zone {
        Some(tz) => tz
            .to_ambiguous_zoned(local)
            .unambiguous()
            .map(|z| ms(z.timestamp()))
            .map_err(|_| {
                format!(
                    "`{text}` does not exist or happens twice in {} (a daylight-saving change)",
                    tz.iana_name().unwrap_or("the zone")
                )
            }),
        // A bare date has always meant midnight UTC.
        None if !text.contains('T') => Ok(ms(local
            .to_zoned(TimeZone::UTC)
            .map_err(|e| e.to_string())?
            .timestamp())),
        None => Err(format!(
            "`{text}` has no offset or time zone: which instant is it?"
        )),
    }
}

/// The zone the planner wrote `start` in, for showing local times to
/// people: `time_zone`, else the start's `[zone]` suffix, else its numeric
/// offset as a fixed zone; `None` for a UTC start (`Z`, `+00:00`, a bare
/// date) or one that does not parse ([`parse_start`] reports that).
pub fn display_zone(start: &str, time_zone: Option<&str>) -> Option<TimeZone> {
    if let Some(name) = time_zone {
        return TimeZone::get(name.trim()).ok();
    }
    let text = start.trim();
    if text.contains('[') {
        return STRICT.parse_zoned(text).ok().map(|z| z.time_zone().clone());
    }
    match Pieces::parse(text).ok()?.offset()? {
        PiecesOffset::Numeric(n) if n.offset() != Offset::UTC => Some(TimeZone::fixed(n.offset())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, zone: Option<&str>) -> String {
        match parse_start(text, zone) {
            Ok(ms) => format_iso8601_utc(ms),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn every_form_names_the_same_instant() {
        let berlin_8am = "2026-01-05T07:00:00.000Z";
        assert_eq!(at("2026-01-05T08:00:00+01:00", None), berlin_8am);
        assert_eq!(at("2026-01-05T08:00[Europe/Berlin]", None), berlin_8am);
        assert_eq!(
            at("2026-01-05T08:00:00+01:00[Europe/Berlin]", None),
            berlin_8am
        );
        assert_eq!(at("2026-01-05T08:00", Some("Europe/Berlin")), berlin_8am);
        assert_eq!(
            at("2026-01-05T07:00:00Z", Some("Europe/Berlin")),
            berlin_8am
        );
        assert_eq!(at("2026-01-05", None), "2026-01-05T00:00:00.000Z");
        assert_eq!(
            at("2026-01-05", Some("America/New_York")),
            "2026-01-05T05:00:00.000Z"
        );
        // Summer time: the same wall clock is an hour earlier in UTC.
        assert_eq!(
            at("2026-07-06T08:00", Some("Europe/Berlin")),
            "2026-07-06T06:00:00.000Z"
        );
    }

    #[test]
    fn the_display_zone_is_the_one_the_start_was_written_in() {
        let name = |t: &str, z: Option<&str>| {
            display_zone(t, z).map(|tz| {
                let at = Timestamp::from_second(1_767_600_000).unwrap_or(Timestamp::UNIX_EPOCH);
                at.to_zoned(tz).strftime("%H:%M %:z").to_string()
            })
        };
        // 1_767_600_000 s is 2026-01-05T08:00:00Z.
        assert_eq!(
            name("2026-01-05T09:00", Some("Europe/Berlin")).as_deref(),
            Some("09:00 +01:00")
        );
        assert_eq!(
            name("2026-01-05T09:00[Europe/Berlin]", None).as_deref(),
            Some("09:00 +01:00")
        );
        assert_eq!(
            name("2026-01-05T03:00:00-05:00", None).as_deref(),
            Some("03:00 -05:00")
        );
        assert_eq!(name("2026-01-05T08:00:00Z", None), None);
        assert_eq!(name("2026-01-05T08:00:00+00:00", None), None);
        assert_eq!(name("2026-01-05", None), None);
    }

    #[test]
    fn missing_and_repeated_local_times_and_conflicts_are_refused() {
        // 2026-03-29 02:30 never happens in Berlin; 2026-10-25 02:30 twice.
        for text in [
            "2026-01-05T08:00:00+25:00",
            "2026-01-05T08:00:00-13:00",
            "2026-01-05T08:00:00+14:30[+14:30]",
        ] {
            let got = at(text, None);
            assert!(
                got.contains("outside the −12:00 to +14:00"),
                "{text}: {got}"
            );
        }
        assert!(!at("2026-01-05T08:00:00+14:00", None).starts_with("error"));
        assert!(!at("2026-01-05T08:00:00-12:00", None).starts_with("error"));
        for (text, zone) in [
            ("2026-03-29T02:30", Some("Europe/Berlin")),
            ("2026-10-25T02:30", Some("Europe/Berlin")),
            ("2026-03-29T02:30[Europe/Berlin]", None),
            ("2026-01-05T08:00:00+05:00[Europe/Berlin]", None),
            ("2026-01-05T08:00[Europe/Paris]", Some("Europe/Berlin")),
            ("2026-01-05T08:00", None),
            ("2026-01-05T08:00", Some("Mars/Olympus")),
            ("yesterday", None),
        ] {
            assert!(at(text, zone).starts_with("error"), "{text} {zone:?}");
        }
    }
}
