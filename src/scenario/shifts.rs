//! `[[shift_templates]]`, an agent group's `shifts` and `shrinkage`: the
//! raw tables and their checks, which build the [`ShiftTemplate`]s, the
//! groups' [`ShiftAssignment`]s and [`Shrinkage`].
//!
//! Times of day are written `"07:00"` (or `"07:00:30"`), from `00:00` up to
//! (not including) `24:00`; offsets within a shift are durations
//! (`"1h30m"`). A template is refused when its breaks cannot all be taken
//! inside the shift, in order, each starting within its window.

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

use crate::center::shifts::{
    scheduled_per_interval, worked_shifts, BreakRule, Calendar, ShiftAssignment, ShiftTemplate,
    Shrinkage, DAY,
};
use crate::engine::{Dist, SimDuration};

use super::check::Check;
use super::dist::RawDist;
use super::duration::RawDuration;

/// `[[shift_templates]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawShiftTemplate {
    /// Name.
    pub name: String,
    /// Candidate start times.
    pub start: RawStarts,
    /// Paid length, breaks included.
    pub length: RawDuration,
    /// Days of the week it is worked (default: every day).
    pub days: Option<Vec<String>>,
    /// Breaks and lunches, in the order they are taken.
    #[serde(default)]
    pub breaks: Vec<RawBreak>,
}

/// A template's start times: `"07:00"`, `["07:00", "07:30"]`, or
/// `{ from = "07:00", to = "09:00", every = "30m" }`.
#[derive(Debug, Clone)]
pub enum RawStarts {
    /// One start.
    One(String),
    /// Several.
    Many(Vec<String>),
    /// Every `every` from `from` to `to`, both included.
    Range {
        /// First start.
        from: String,
        /// Last start.
        to: String,
        /// Step.
        every: RawDuration,
    },
}

/// The `{ from, to, every }` form of [`RawStarts`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStartRange {
    from: String,
    to: String,
    every: RawDuration,
}

impl<'de> Deserialize<'de> for RawStarts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawStarts;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a time of day such as \"07:00\", a list of them, or { from = \"07:00\", to = \"09:00\", every = \"30m\" }",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(RawStarts::One(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = seq.next_element::<String>()? {
                    out.push(v);
                }
                Ok(RawStarts::Many(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let r = RawStartRange::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawStarts::Range {
                    from: r.from,
                    to: r.to,
                    every: r.every,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// `{ name = "lunch", length = "30m", window = ["3h30m", "5h"] }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBreak {
    /// Name (default `break`).
    pub name: Option<String>,
    /// Length.
    pub length: RawDuration,
    /// Earliest and latest start, after the shift's start.
    pub window: Vec<RawDuration>,
}

/// One entry of a group's `shifts`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawShift {
    /// Template name.
    pub template: String,
    /// Start time of day (one of the template's).
    pub start: String,
    /// Agents working it.
    pub agents: i64,
    /// Day of the horizon (0-based); default every day the template is
    /// worked.
    pub day: Option<i64>,
    /// One start offset per template break; default staggered.
    pub breaks: Option<Vec<RawDuration>>,
}

/// A group's `shrinkage = { absenteeism = …, aux = { … }, planned = … }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawShrinkage {
    /// Probability an agent is absent for a day.
    #[serde(default)]
    pub absenteeism: f64,
    /// Aux (unavailable) time.
    pub aux: Option<RawAux>,
    /// Planned share of scheduled time off the phones.
    #[serde(default)]
    pub planned: f64,
}

/// `aux = { share = 0.05, duration = { dist = "exponential", mean = "10m" } }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAux {
    /// Share of logged-in time in aux.
    pub share: f64,
    /// Length of one aux period.
    pub duration: RawDist,
}

/// A source's `day_of_week = { mon = 1.15, …, sun = 0.6 }`: multipliers of
/// its volume by calendar weekday (default 1).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDayOfWeek {
    /// Monday.
    pub mon: Option<f64>,
    /// Tuesday.
    pub tue: Option<f64>,
    /// Wednesday.
    pub wed: Option<f64>,
    /// Thursday.
    pub thu: Option<f64>,
    /// Friday.
    pub fri: Option<f64>,
    /// Saturday.
    pub sat: Option<f64>,
    /// Sunday.
    pub sun: Option<f64>,
}

/// Checks a day-of-week profile; returns the multiplier of each weekday,
/// Monday first.
pub(super) fn day_of_week(c: &mut Check, path: &str, raw: &RawDayOfWeek) -> [f64; 7] {
    let given = [
        raw.mon, raw.tue, raw.wed, raw.thu, raw.fri, raw.sat, raw.sun,
    ];
    let mut out = [1.0; 7];
    for (k, v) in given.iter().enumerate() {
        if let Some(v) = *v {
            if v.is_finite() && v >= 0.0 {
                out[k] = v;
            } else {
                c.fail(
                    format!("{path}.{}", WEEKDAYS[k]),
                    format!("multiplier {v} is not ≥ 0"),
                    "a factor on the day's volume, e.g. 1.15 for 15 % more, 0 for closed",
                );
            }
        }
    }
    out
}

/// The templates by name, for the groups' shifts.
pub(super) struct TemplateIndex {
    /// The templates, in file order.
    pub(super) templates: Vec<ShiftTemplate>,
    /// Name → index; the first of a name wins (a second is reported).
    pub(super) ids: BTreeMap<String, usize>,
}

/// What a group's shifts are checked against: the templates, where the
/// run sits on the calendar, and the intervals the scheduled count covers.
pub(super) struct ShiftContext<'a> {
    /// Templates by name.
    pub(super) templates: &'a TemplateIndex,
    /// Weekday and time of day of virtual zero.
    pub(super) calendar: Calendar,
    /// Calendar days the horizon touches.
    pub(super) days: u32,
    /// Interval length.
    pub(super) interval: SimDuration,
    /// Intervals of the horizon.
    pub(super) intervals: usize,
}

/// The longest shift: a day.
const MAX_SHIFT: SimDuration = DAY;

/// The finest step of a template's `{ from, to, every }` start times: a day
/// holds at most 1,440 of them.
const MIN_START_STEP: SimDuration = SimDuration(60_000);

/// The most agents one shift entry may hold (as a headcount).
const MAX_AGENTS: u32 = 1_000_000;

/// The weekday keys, Monday first.
pub(super) const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Parses a time of day, `"HH:MM"` or `"HH:MM:SS"`, in `[00:00, 24:00)`.
pub(super) fn time_of_day(text: &str) -> Result<SimDuration, String> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    let num = |s: &str| -> Option<u64> {
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (h, m, s) = match parts.as_slice() {
        [h, m] => (num(h), num(m), Some(0)),
        [h, m, s] => (num(h), num(m), num(s)),
        _ => (None, None, None),
    };
    match (h, m, s) {
        (Some(h), Some(m), Some(s)) if m < 60 && s < 60 => {
            if h >= 24 {
                Err(format!(
                    "`{text}` is not a time of day in 00:00–24:00 (24:00 excluded)"
                ))
            } else {
                Ok(SimDuration((h * 3600 + m * 60 + s) * 1000))
            }
        }
        _ => Err(format!("`{text}` is not a time of day like \"07:30\"")),
    }
}

/// Checks every `[[shift_templates]]` table.
pub(super) fn templates(c: &mut Check, raw: &[RawShiftTemplate]) -> TemplateIndex {
    let mut seen = BTreeMap::new();
    let mut ids = BTreeMap::new();
    let mut templates = Vec::new();
    for (i, t) in raw.iter().enumerate() {
        let path = format!("shift_templates[{i}]");
        c.name_unique(&mut seen, &t.name, &path, "shift template");
        ids.entry(t.name.clone()).or_insert(i);
        templates.push(template(c, &path, t));
    }
    TemplateIndex { templates, ids }
}

/// Checks one template (its name aside).
fn template(c: &mut Check, path: &str, t: &RawShiftTemplate) -> ShiftTemplate {
    let starts = starts(c, &format!("{path}.start"), &t.start);
    let length = c.positive_duration(&format!("{path}.length"), t.length, "8h");
    if length > MAX_SHIFT {
        c.fail(
            format!("{path}.length"),
            format!("a shift of {length} is longer than a day"),
            "split it into shifts of at most 24h",
        );
    }
    let days = match &t.days {
        None => [true; 7],
        Some(list) => days(c, &format!("{path}.days"), list),
    };
    let breaks: Vec<BreakRule> = t
        .breaks
        .iter()
        .enumerate()
        .map(|(k, b)| break_rule(c, &format!("{path}.breaks[{k}]"), b, length))
        .collect();
    if !breaks_fit(&breaks, length) {
        c.fail(
            format!("{path}.breaks"),
            "the breaks cannot all be taken: taken in order, each at its earliest, one starts after its window closes or runs past the shift's end",
            "list breaks in the order they are taken, and widen or move windows that overlap so each fits after the one before",
        );
    }
    ShiftTemplate {
        name: t.name.clone(),
        starts,
        length,
        days,
        breaks,
    }
}

/// Checks a template's start times; returns them ascending.
fn starts(c: &mut Check, path: &str, raw: &RawStarts) -> Vec<SimDuration> {
    let tod = |c: &mut Check, p: String, s: &str| match time_of_day(s) {
        Ok(t) => Some(t),
        Err(e) => {
            c.fail(p, e, "write a time of day from \"00:00\" to \"23:59\"");
            None
        }
    };
    let out: Vec<SimDuration> = match raw {
        RawStarts::One(s) => tod(c, path.to_string(), s).into_iter().collect(),
        RawStarts::Many(list) => {
            let v: Vec<SimDuration> = list
                .iter()
                .enumerate()
                .filter_map(|(k, s)| tod(c, format!("{path}[{k}]"), s))
                .collect();
            if v.windows(2).any(|w| w[0] >= w[1]) {
                c.fail(
                    path,
                    "start times are not in ascending order (or one is repeated)",
                    "list each start once, from earliest to latest",
                );
            }
            v
        }
        RawStarts::Range { from, to, every } => {
            let from = tod(c, format!("{path}.from"), from);
            let to = tod(c, format!("{path}.to"), to);
            let every = c.positive_duration(&format!("{path}.every"), *every, "30m");
            // Starts finer than a minute are no roster's grid, and would be
            // millions of candidate shifts for `ccsim schedule`.
            if every > SimDuration::ZERO && every < MIN_START_STEP {
                c.fail(
                    format!("{path}.every"),
                    format!("{every} between start times is less than a minute"),
                    "give a step of at least a minute, e.g. every = \"15m\"",
                );
            }
            match (from, to) {
                (Some(f), Some(t)) if f <= t && every >= MIN_START_STEP => {
                    // A step longer than the day gives `from` alone.
                    let step = usize::try_from(every.as_millis()).unwrap_or(usize::MAX);
                    (f.as_millis()..=t.as_millis())
                        .step_by(step)
                        .map(SimDuration)
                        .collect()
                }
                (Some(_), Some(_)) if every >= MIN_START_STEP => {
                    c.fail(
                        format!("{path}.to"),
                        "`to` is before `from`",
                        "give the first start in `from` and the last in `to`",
                    );
                    Vec::new()
                }
                _ => Vec::new(),
            }
        }
    };
    if out.is_empty() && !c.problems.iter().any(|p| p.path.starts_with(path)) {
        c.fail(
            path,
            "no start time",
            "give at least one, e.g. start = \"08:00\"",
        );
    }
    out
}

/// Checks a list of weekday names.
fn days(c: &mut Check, path: &str, list: &[String]) -> [bool; 7] {
    let mut days = [false; 7];
    for (k, d) in list.iter().enumerate() {
        let key = d.trim().to_ascii_lowercase();
        match WEEKDAYS
            .iter()
            .position(|w| key == *w || (key.len() > 3 && full_day(w).starts_with(&key)))
        {
            Some(i) => days[i] = true,
            None => c.fail(
                format!("{path}[{k}]"),
                format!("`{d}` is not a day of the week"),
                "use mon, tue, wed, thu, fri, sat, sun",
            ),
        }
    }
    if list.is_empty() {
        c.fail(
            path,
            "no day: the template would never be worked",
            "list the days it is worked, e.g. [\"mon\", \"tue\"], or leave `days` out for every day",
        );
    }
    days
}

/// The full English name of a weekday key.
fn full_day(key: &str) -> &'static str {
    match key {
        "mon" => "monday",
        "tue" => "tuesday",
        "wed" => "wednesday",
        "thu" => "thursday",
        "fri" => "friday",
        "sat" => "saturday",
        _ => "sunday",
    }
}

/// Checks one break of a template of length `shift`.
fn break_rule(c: &mut Check, path: &str, b: &RawBreak, shift: SimDuration) -> BreakRule {
    let length = c.positive_duration(&format!("{path}.length"), b.length, "15m");
    let (earliest, latest) = match b.window.as_slice() {
        [e, l] => {
            let e = c.duration(&format!("{path}.window[0]"), *e);
            let l = c.duration(&format!("{path}.window[1]"), *l);
            if e > l {
                c.fail(
                    format!("{path}.window"),
                    format!("the window opens at {e} but closes at {l}"),
                    "write [earliest start, latest start], e.g. [\"1h30m\", \"3h\"]",
                );
            }
            (e, l.max(e))
        }
        _ => {
            c.fail(
                format!("{path}.window"),
                format!("{} values for a window", b.window.len()),
                "write [earliest start, latest start] after the shift's start, e.g. [\"1h30m\", \"3h\"]",
            );
            (SimDuration::ZERO, SimDuration::ZERO)
        }
    };
    if shift > SimDuration::ZERO && latest + length > shift {
        c.fail(
            format!("{path}.window"),
            format!(
                "a break starting as late as {latest} for {length} ends after the shift ({shift})"
            ),
            "close the window earlier, shorten the break, or lengthen the shift",
        );
    }
    BreakRule {
        name: b.name.clone().unwrap_or_else(|| "break".into()),
        length,
        earliest,
        latest,
    }
}

/// Whether the breaks, taken in order each at its earliest possible
/// start, all start within their windows and end within the shift.
fn breaks_fit(breaks: &[BreakRule], shift: SimDuration) -> bool {
    let mut free_from = SimDuration::ZERO;
    for b in breaks {
        let t = b.earliest.max(free_from);
        if t > b.latest {
            return false;
        }
        free_from = t + b.length;
    }
    free_from <= shift
}

/// Checks a group's `shifts`; returns them and the scheduled agents per
/// interval (on the phones, breaks excluded, rounded) as its headcount.
pub(super) fn group_shifts(
    c: &mut Check,
    path: &str,
    raw: &[RawShift],
    ctx: &ShiftContext,
) -> (Vec<ShiftAssignment>, Vec<u32>) {
    let mut out = Vec::new();
    for (k, s) in raw.iter().enumerate() {
        if let Some(a) = assignment(c, &format!("{path}[{k}]"), s, ctx) {
            out.push(a);
        }
    }
    let worked = worked_shifts(&ctx.templates.templates, &out, ctx.calendar, ctx.days);
    let headcount = scheduled_per_interval(&worked, ctx.interval, ctx.intervals)
        .into_iter()
        .map(|x| x.round() as u32)
        .collect();
    (out, headcount)
}

/// Checks one shift entry; `None` if its template is unknown.
fn assignment(
    c: &mut Check,
    path: &str,
    s: &RawShift,
    ctx: &ShiftContext,
) -> Option<ShiftAssignment> {
    let Some(&template) = ctx.templates.ids.get(&s.template) else {
        let names: Vec<&str> = ctx.templates.ids.keys().map(String::as_str).collect();
        c.fail(
            format!("{path}.template"),
            format!("unknown shift template `{}`", s.template),
            if names.is_empty() {
                "define it under [[shift_templates]]".to_string()
            } else {
                format!("use one of the [[shift_templates]]: {}", names.join(", "))
            },
        );
        return None;
    };
    let t = &ctx.templates.templates[template];
    let start = match time_of_day(&s.start) {
        Ok(v) => v,
        Err(e) => {
            c.fail(
                format!("{path}.start"),
                e,
                "write a time of day from \"00:00\" to \"23:59\"",
            );
            SimDuration::ZERO
        }
    };
    if !t.starts.is_empty() && !t.starts.contains(&start) {
        c.fail(
            format!("{path}.start"),
            format!("{} is not a start time of template `{}`", s.start, t.name),
            format!("use one of: {}", start_list(&t.starts)),
        );
    }
    let agents = match u32::try_from(s.agents) {
        Ok(a) if a <= MAX_AGENTS => a,
        _ => {
            c.fail(
                format!("{path}.agents"),
                format!("{} agents is not a whole number in 0–1,000,000", s.agents),
                "the number of agents working this shift, e.g. 12",
            );
            0
        }
    };
    let day = s.day.and_then(|d| match u32::try_from(d) {
        Ok(d) if d < ctx.days => Some(d),
        _ => {
            c.fail(
                format!("{path}.day"),
                format!("day {d} is not a day of the horizon (0–{})", ctx.days - 1),
                "give the day's index, 0 for the first day, or leave `day` out for every day",
            );
            None
        }
    });
    if let Some(d) = day {
        let weekday = ctx.calendar.weekday(d);
        if !t.works_on(weekday) {
            let worked: Vec<&str> = (0..7)
                .filter(|&w| t.works_on(w))
                .map(|w| WEEKDAYS[w])
                .collect();
            c.fail(
                format!("{path}.day"),
                format!(
                    "day {d} of the horizon is a `{}`, a day template `{}` is not worked on",
                    WEEKDAYS[weekday], t.name
                ),
                format!(
                    "give a day the template's days allow ({}), or add `{}` to its days",
                    worked.join(", "),
                    WEEKDAYS[weekday]
                ),
            );
        }
    }
    let break_starts = s
        .breaks
        .as_ref()
        .map(|b| fixed_breaks(c, &format!("{path}.breaks"), b, t));
    Some(ShiftAssignment {
        template,
        start,
        day,
        agents,
        break_starts,
    })
}

/// Checks break starts fixed by a shift entry against its template.
fn fixed_breaks(
    c: &mut Check,
    path: &str,
    raw: &[RawDuration],
    t: &ShiftTemplate,
) -> Vec<SimDuration> {
    if raw.len() != t.breaks.len() {
        c.fail(
            path,
            format!(
                "{} break starts for template `{}`, which has {} breaks",
                raw.len(),
                t.name,
                t.breaks.len()
            ),
            "give one start (after the shift's start) per break of the template, in order",
        );
        return t.breaks.iter().map(|b| b.earliest).collect();
    }
    let mut free_from = SimDuration::ZERO;
    let mut out = Vec::new();
    for (k, (d, b)) in raw.iter().zip(&t.breaks).enumerate() {
        let v = c.duration(&format!("{path}[{k}]"), *d);
        if v < b.earliest || v > b.latest {
            c.fail(
                format!("{path}[{k}]"),
                format!(
                    "{} starting at {v} is outside its window {}–{}",
                    b.name, b.earliest, b.latest
                ),
                "start each break within its template window",
            );
        } else if v < free_from {
            c.fail(
                format!("{path}[{k}]"),
                format!("{} starting at {v} overlaps the break before it", b.name),
                "start it after the previous break ends",
            );
        }
        free_from = v + b.length;
        out.push(v);
    }
    out
}

/// A template's start times for a message: all of a short list; the first
/// few of a long one, and how many there are.
fn start_list(starts: &[SimDuration]) -> String {
    const SHOWN: usize = 12;
    let shown: Vec<String> = starts.iter().take(SHOWN).map(|x| clock(*x)).collect();
    match starts.last() {
        Some(last) if starts.len() > SHOWN => format!(
            "{}, … ({} start times, the last {})",
            shown.join(", "),
            starts.len(),
            clock(*last)
        ),
        _ => shown.join(", "),
    }
}

/// `HH:MM` (`HH:MM:SS` when the seconds are not zero) of a time of day,
/// for messages.
fn clock(t: SimDuration) -> String {
    crate::timefmt::clock_ms(t.as_millis())
}

/// Checks a group's shrinkage: each share in [0, 1), aux with a positive
/// mean duration.
pub(super) fn shrinkage(c: &mut Check, path: &str, raw: &RawShrinkage) -> Shrinkage {
    let share = |c: &mut Check, field: &str, v: f64, what: &str| -> f64 {
        if v.is_finite() && (0.0..1.0).contains(&v) {
            v
        } else {
            c.fail(
                format!("{path}.{field}"),
                format!("{what} {v} is outside [0, 1)"),
                "a share below 1, e.g. 0.12 for 12 % (1 or more would leave nobody)",
            );
            0.0
        }
    };
    let absenteeism = share(c, "absenteeism", raw.absenteeism, "absenteeism");
    let planned = share(c, "planned", raw.planned, "planned shrinkage");
    let (aux_share, aux_duration) = match &raw.aux {
        None => (0.0, Dist::Constant(0.0)),
        Some(a) => {
            let s = share(c, "aux.share", a.share, "aux share");
            let d = c
                .dist(&format!("{path}.aux.duration"), &a.duration)
                .unwrap_or(Dist::Constant(0.0));
            if s > 0.0 && d.mean() <= 0.0 {
                c.fail(
                    format!("{path}.aux.duration"),
                    "aux periods last 0 s on average",
                    "give their length, e.g. duration = { dist = \"exponential\", mean = \"10m\" }",
                );
            }
            (s, d)
        }
    };
    Shrinkage {
        absenteeism,
        aux_share,
        aux_duration,
        planned_share: planned,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day_parse_within_the_day() {
        assert_eq!(time_of_day("07:30"), Ok(SimDuration(27_000_000)));
        assert_eq!(time_of_day("00:00:30"), Ok(SimDuration(30_000)));
        assert!(time_of_day("24:00").is_err());
        assert!(time_of_day("7h").is_err());
        assert!(time_of_day("07:60").is_err());
        assert!(time_of_day("-1:00").is_err());
    }

    #[test]
    fn breaks_fit_in_order() {
        let m = |x: u64| SimDuration(x * 60_000);
        let b = |e, l, len| BreakRule {
            name: "b".into(),
            length: m(len),
            earliest: m(e),
            latest: m(l),
        };
        assert!(breaks_fit(&[b(60, 120, 15), b(180, 240, 30)], m(480)));
        // Both windows at 60–70 with 15-minute breaks: the second cannot
        // start before 75.
        assert!(!breaks_fit(&[b(60, 70, 15), b(60, 70, 15)], m(480)));
        assert!(breaks_fit(&[b(60, 70, 15), b(60, 80, 15)], m(480)));
    }
}
