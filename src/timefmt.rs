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
    let (hh, mm, ss, ms) = (s / 3600, (s / 60) % 60, s % 60, rem % 1000);
    if !(0..=9999).contains(&y) {
        return format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}.{ms:03}Z");
    }
    // Digit by digit: a contact record holds a dozen timestamps, and
    // `format!` with its padding was 9.8 % of `ccsim run all_methods.toml
    // --contact-records` (perf).
    let mut out = String::with_capacity(24);
    let fields = [
        (y, 4, '-'),
        (m, 2, '-'),
        (d, 2, 'T'),
        (hh, 2, ':'),
        (mm, 2, ':'),
        (ss, 2, '.'),
        (ms, 3, 'Z'),
    ];
    for (value, width, then) in fields {
        push_digits(&mut out, value, width);
        out.push(then);
    }
    out
}

/// Appends `value` (0 ≤ value < 10^`width`) as exactly `width` decimal
/// digits, zero-padded.
fn push_digits(out: &mut String, value: i64, width: u32) {
    for k in (0..width).rev() {
        let digit = (value / 10i64.pow(k)) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
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

    /// The digit-by-digit path writes what `format!` with padding writes,
    /// over years 0 to 9999 at random milliseconds, the edges of a day,
    /// and (through the fallback) years outside four digits.
    #[test]
    fn timestamps_match_the_padded_format() {
        let reference = |unix_ms: i64| {
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
        };
        // Year 0 starts at -62,167,219,200,000 ms; year 10000 at
        // 253,402,300,800,000.
        let (lo, hi) = (-62_167_219_200_000i64, 253_402_300_800_000i64);
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut cases = vec![
            0,
            -1,
            86_399_999,
            86_400_000,
            lo,
            lo - 1,
            hi - 1,
            hi,
            1_767_600_000_123,
        ];
        for _ in 0..200_000 {
            // xorshift64: a fixed sequence, no dependence on a crate's stream.
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            cases.push(lo - 1_000_000_000_000 + (x % (hi - lo + 2_000_000_000_000) as u64) as i64);
        }
        for ms in cases {
            assert_eq!(format_iso8601_utc(ms), reference(ms), "{ms}");
        }
    }

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
