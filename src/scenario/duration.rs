//! Durations as people write them: `"90s"`, `"5m"`, `"1h30m"`, `"250ms"`,
//! `"1.5s"`, or a bare number of seconds.

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::fmt;

/// A parsed duration in seconds (kept as `f64` until validation turns it into
/// integer milliseconds).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RawDuration(pub f64);

/// Parses `"1h30m"`, `"90s"`, `"250ms"`, `"2.5m"`, `"0"`; returns seconds.
pub fn parse_duration(text: &str) -> Result<f64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("an empty duration; write e.g. \"90s\", \"5m\" or \"1h30m\"".into());
    }
    if let Ok(v) = t.parse::<f64>() {
        return Ok(v);
    }
    let mut total = 0.0;
    let mut rest = t;
    while !rest.is_empty() {
        let num_len = rest
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_digit() || *c == '.'))
            .map(|(i, _)| i)
            .unwrap_or(rest.len());
        if num_len == 0 {
            return Err(format!(
                "`{text}` is not a duration; write e.g. \"90s\", \"5m\" or \"1h30m\""
            ));
        }
        let value: f64 = rest[..num_len]
            .parse()
            .map_err(|_| format!("`{}` in `{text}` is not a number", &rest[..num_len]))?;
        rest = &rest[num_len..];
        let unit_len = rest
            .char_indices()
            .find(|(_, c)| !c.is_ascii_alphabetic())
            .map(|(i, _)| i)
            .unwrap_or(rest.len());
        let factor = match &rest[..unit_len] {
            "ms" => 0.001,
            "s" => 1.0,
            "m" | "min" => 60.0,
            "h" => 3600.0,
            "d" => 86_400.0,
            "" => {
                return Err(format!(
                    "`{text}` lacks a unit after {value}; use ms, s, m, h or d"
                ))
            }
            u => {
                return Err(format!(
                    "unknown unit `{u}` in `{text}`; use ms, s, m, h or d"
                ))
            }
        };
        rest = &rest[unit_len..];
        total += value * factor;
    }
    Ok(total)
}

impl<'de> Deserialize<'de> for RawDuration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DurationVisitor)
    }
}

struct DurationVisitor;

impl Visitor<'_> for DurationVisitor {
    type Value = RawDuration;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a duration such as \"90s\", \"5m\", \"1h30m\" or a number of seconds")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawDuration, E> {
        parse_duration(v).map(RawDuration).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawDuration, E> {
        Ok(RawDuration(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawDuration, E> {
        Ok(RawDuration(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawDuration, E> {
        Ok(RawDuration(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_people_write() {
        assert_eq!(parse_duration("90s"), Ok(90.0));
        assert_eq!(parse_duration("5m"), Ok(300.0));
        assert_eq!(parse_duration("1h30m"), Ok(5400.0));
        assert_eq!(parse_duration("250ms"), Ok(0.25));
        assert_eq!(parse_duration("1.5s"), Ok(1.5));
        assert_eq!(parse_duration("0"), Ok(0.0));
        assert_eq!(parse_duration("2m30s"), Ok(150.0));
        assert!(parse_duration("5 minutes").is_err());
        assert!(parse_duration("5x").is_err());
        assert!(parse_duration("s").is_err());
        assert!(parse_duration("12").is_ok());
        assert!(parse_duration("1h30").is_err());
    }
}
