//! ISO 8601 UTC instants (`2026-01-05T08:00:00Z`) to and from Unix
//! milliseconds: the scenario's start date, the timestamps of contact
//! records, the interval starts of reports and tables. Hand-written because
//! only this one fixed format is needed.
//!
//! A neutral module of its own, beside the layers rather than inside one:
//! the scenario parses dates with it and the outputs format them, and
//! neither should import the other for that.

/// `HH:MM` (`HH:MM:SS` when the seconds are not zero) of `ms` milliseconds
/// into a day, or of an offset that long: shift starts and lengths in
/// messages, tables and written scenarios.
pub fn clock_ms(ms: u64) -> String {
    let s = ms / 1000;
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{h:02}:{m:02}")
    } else {
        format!("{h:02}:{m:02}:{sec:02}")
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`). Public for the readers of real exports, which
/// parse dates the same way.
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z` (or a bare `YYYY-MM-DD`, midnight UTC)
/// into Unix milliseconds.
pub fn parse_iso8601_utc(text: &str) -> Result<i64, String> {
    let bad =
        || format!("`{text}` is not an ISO 8601 UTC time; write e.g. \"2026-01-05T08:00:00Z\"");
    let t = text.trim();
    let (date, time) = match t.split_once('T') {
        Some((d, tm)) => (d, Some(tm.strip_suffix('Z').ok_or_else(bad)?)),
        None => (t, None),
    };
    let parts: Vec<&str> = date.split('-').collect();
    if parts.len() != 3 {
        return Err(bad());
    }
    let num = |s: &str| s.parse::<i64>().map_err(|_| bad());
    let (y, m, d) = (num(parts[0])?, num(parts[1])?, num(parts[2])?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(bad());
    }
    let mut ms = 0i64;
    if let Some(time) = time {
        let hms: Vec<&str> = time.split(':').collect();
        if hms.len() != 3 {
            return Err(bad());
        }
        let (h, mi) = (num(hms[0])?, num(hms[1])?);
        let s: f64 = hms[2].parse().map_err(|_| bad())?;
        if !(0..24).contains(&h) || !(0..60).contains(&mi) || !(0.0..61.0).contains(&s) {
            return Err(bad());
        }
        ms = (h * 3600 + mi * 60) * 1000 + (s * 1000.0).round() as i64;
    }
    Ok(days_from_civil(y, m, d) * 86_400_000 + ms)
}

/// Formats Unix milliseconds as `YYYY-MM-DDTHH:MM:SS.fffZ`.
pub fn format_iso8601_utc(unix_ms: i64) -> String {
    let days = unix_ms.div_euclid(86_400_000);
    let rem = unix_ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let s = rem / 1000;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        s / 3600,
        (s / 60) % 60,
        s % 60,
        rem % 1000
    )
}

/// `unix_ms` as ISO 8601 UTC with whole seconds, as Connect's contact
/// records write timestamps (`2026-01-05T08:00:07Z`): the milliseconds are
/// dropped (truncated, as a clock reading the second does).
pub fn format_iso8601_utc_seconds(unix_ms: i64) -> String {
    let full = format_iso8601_utc(unix_ms.div_euclid(1000) * 1000);
    // "…:07.000Z" → "…:07Z"
    format!("{}Z", &full[..full.len() - 5])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_seconds_truncate() {
        let t = parse_iso8601_utc("2026-01-05T08:00:07Z").unwrap();
        assert_eq!(format_iso8601_utc_seconds(t + 999), "2026-01-05T08:00:07Z");
        assert_eq!(format_iso8601_utc_seconds(t), "2026-01-05T08:00:07Z");
        assert_eq!(format_iso8601_utc_seconds(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn round_trips_and_known_instants() {
        assert_eq!(parse_iso8601_utc("1970-01-01T00:00:00Z"), Ok(0));
        assert_eq!(
            parse_iso8601_utc("2000-03-01T00:00:00Z"),
            Ok(951_868_800_000)
        );
        let t = parse_iso8601_utc("2026-01-05T08:00:00Z").unwrap();
        assert_eq!(format_iso8601_utc(t + 1_234), "2026-01-05T08:00:01.234Z");
        assert!(parse_iso8601_utc("2026-13-05T08:00:00Z").is_err());
        assert!(parse_iso8601_utc("yesterday").is_err());
        assert!(parse_iso8601_utc("2026-01-05T08:00:00").is_err());
    }
}
