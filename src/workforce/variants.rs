//! Shift variants: every way a group's agent can work a template — which
//! day of the horizon, which allowed start, where each break falls — and
//! what share of each interval such an agent spends on the phones: the
//! columns of the integer program ([`super::program`]).
//!
//! Breaks start on a grid: from the window's earliest start, every
//! [`VariantOptions::break_step`] (the interval length by default) up to its
//! latest. A placement is kept only if the breaks follow each other in
//! order without overlapping and end within the shift. Days: one variant
//! per day of the horizon the template is worked on, so each day gets its
//! own mix (weekday volumes differ); assignments name their day.
//!
//! Calendar: virtual time 0 is `[simulation] start`; a shift starting at
//! `start` (time of day, UTC as the scenario's start) on day `d` of the
//! horizon begins at `d × 24 h + start − (time of day of the start)`.

use crate::center::shifts::{Calendar, ShiftTemplate};
use crate::center::spec::CenterSpec;
use crate::engine::SimDuration;

use super::program::Column;

/// Most break placements per template and start: beyond, the grid is
/// coarsened (its step doubled) until it fits, so the program stays small.
pub const MAX_PLACEMENTS: usize = 64;

/// How variants are laid out.
#[derive(Debug, Clone, Copy)]
pub struct VariantOptions {
    /// Step of the grid of break starts within each window.
    pub break_step: SimDuration,
}

impl VariantOptions {
    /// Breaks on the scenario's interval grid.
    pub fn of(spec: &CenterSpec) -> Self {
        VariantOptions {
            break_step: spec.interval,
        }
    }
}

/// One way of working a template.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Variant {
    /// The day of the horizon (0-based).
    pub day: u32,
    /// Index into `CenterSpec::shift_templates`.
    pub template: usize,
    /// Start, time of day.
    pub start: SimDuration,
    /// Each break's start, as an offset from the shift's start.
    pub break_starts: Vec<SimDuration>,
}

/// Every variant of `templates` over the horizon of `spec`, in (day,
/// template, start, breaks) order.
pub fn variants(spec: &CenterSpec, opts: VariantOptions) -> Vec<Variant> {
    let cal = spec.calendar();
    let mut out = Vec::new();
    for day in 0..cal.days(spec.horizon) {
        for (t, tpl) in spec.shift_templates.iter().enumerate() {
            if !tpl.works_on(cal.weekday(day)) {
                continue;
            }
            let placements = placements(tpl, opts.break_step);
            for &start in &tpl.starts {
                for p in &placements {
                    out.push(Variant {
                        day,
                        template: t,
                        start,
                        break_starts: p.clone(),
                    });
                }
            }
        }
    }
    out
}

/// The break placements of `tpl` on a grid of `step` (coarsened to at most
/// [`MAX_PLACEMENTS`]).
pub fn placements(tpl: &ShiftTemplate, step: SimDuration) -> Vec<Vec<SimDuration>> {
    let mut step = step.as_millis().max(60_000);
    loop {
        let p = placements_on(tpl, step);
        if p.len() <= MAX_PLACEMENTS || step > tpl.length.as_millis() {
            return p;
        }
        step *= 2;
    }
}

/// Every ordered, non-overlapping placement of `tpl`'s breaks with starts
/// on a grid of `step` ms from each window's earliest start.
fn placements_on(tpl: &ShiftTemplate, step: u64) -> Vec<Vec<SimDuration>> {
    let mut done: Vec<Vec<SimDuration>> = vec![Vec::new()];
    for b in &tpl.breaks {
        let starts: Vec<u64> = (0..)
            .map(|k| b.earliest.as_millis() + k * step)
            .take_while(|&s| s <= b.latest.as_millis())
            .collect();
        let mut next = Vec::new();
        for p in &done {
            // The previous break's end (0 for the first).
            let free_from = p
                .last()
                .zip(tpl.breaks.get(p.len().wrapping_sub(1)))
                .map(|(s, prev)| s.as_millis() + prev.length.as_millis())
                .unwrap_or(0);
            for &s in &starts {
                if s >= free_from && s + b.length.as_millis() <= tpl.length.as_millis() {
                    let mut q = p.clone();
                    q.push(SimDuration(s));
                    next.push(q);
                }
            }
        }
        done = next;
    }
    done
}

/// Periods of `v` on the phones, in virtual ms `[from, to)` (breaks cut
/// out; may extend outside the horizon).
pub fn on_phones(spec: &CenterSpec, cal: &Calendar, v: &Variant) -> Vec<(i64, i64)> {
    let tpl = &spec.shift_templates[v.template];
    let begin = cal.at(v.day, v.start);
    let end = begin + tpl.length.as_millis() as i64;
    let mut out = Vec::new();
    let mut from = begin;
    for (s, b) in v.break_starts.iter().zip(&tpl.breaks) {
        let off = begin + s.as_millis() as i64;
        if off > from {
            out.push((from, off));
        }
        from = from.max(off + b.length.as_millis() as i64);
    }
    if end > from {
        out.push((from, end));
    }
    out
}

/// The program's column for `v`: its paid hours and, per interval of the
/// horizon, the share of the interval one of its agents is on the phones.
pub fn column(spec: &CenterSpec, cal: &Calendar, v: &Variant) -> Column {
    let tpl = &spec.shift_templates[v.template];
    let step = spec.interval.as_millis().max(1) as i64;
    let horizon = spec.horizon.as_millis() as i64;
    let mut cover: Vec<(usize, f64)> = Vec::new();
    for (from, to) in on_phones(spec, cal, v) {
        let (from, to) = (from.max(0), to.min(horizon));
        if from >= to {
            continue;
        }
        for i in (from / step)..=((to - 1) / step) {
            let (a, b) = (i * step, ((i + 1) * step).min(horizon));
            let share = (to.min(b) - from.max(a)) as f64 / (b - a) as f64;
            match cover.last_mut() {
                Some(last) if last.0 == i as usize => last.1 += share,
                _ => cover.push((i as usize, share)),
            }
        }
    }
    Column {
        paid_hours: tpl.length.as_secs_f64() / 3600.0,
        cover,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::center::shifts::BreakRule;

    fn min(m: u64) -> SimDuration {
        SimDuration(m * 60_000)
    }

    fn template() -> ShiftTemplate {
        ShiftTemplate {
            name: "day".into(),
            starts: vec![min(8 * 60)],
            length: min(8 * 60),
            days: [true; 7],
            breaks: vec![
                BreakRule {
                    name: "break".into(),
                    length: min(15),
                    earliest: min(60),
                    latest: min(120),
                },
                BreakRule {
                    name: "lunch".into(),
                    length: min(60),
                    earliest: min(90),
                    latest: min(240),
                },
            ],
        }
    }

    #[test]
    fn placements_keep_breaks_in_order_and_apart() {
        // Break at 60, 90 or 120 min; lunch at 90…240 every 30 min; lunch
        // must start once the break has ended (break + 15 min).
        let p = placements(&template(), min(30));
        let by_break = |b: u64| p.iter().filter(|x| x[0] == min(b)).count();
        // Break 60 (ends 75): lunch 90, 120, 150, 180, 210, 240 → 6.
        // Break 90 (ends 105): lunch 120 … 240 → 5. Break 120: 150 … → 4.
        assert_eq!((by_break(60), by_break(90), by_break(120)), (6, 5, 4));
        assert_eq!(p.len(), 15);
        // A grid so fine it would exceed the cap is coarsened.
        assert!(placements(&template(), min(1)).len() <= MAX_PLACEMENTS);
    }

    #[test]
    fn a_column_counts_the_share_of_each_interval_on_the_phones() {
        // 08:00–16:00 in hours from a start at 08:00; the break 15 min at
        // 09:30 (1h30 in), the lunch 60 min at 12:00 (4h in).
        let text = crate::scenario::parse(
            "[simulation]\nseed = 1\nreplications = 1\nstart = \"2026-01-05T08:00:00Z\"\nhorizon = \"8h\"\ninterval = \"1h\"\n[[queues]]\nname = \"q\"\n[[routing_profiles]]\nname = \"p\"\nqueues = [{ queue = \"q\" }]\n[[agent_groups]]\nname = \"g\"\nrouting_profile = \"p\"\nheadcount = 1\n[[sources]]\nname = \"s\"\nrate_per_hour = 1\nqueue = \"q\"\ncustomer = { talk = \"1m\" }\n",
            std::path::Path::new("t.toml"),
            "t",
        );
        let mut spec = text.unwrap_or_else(|e| panic!("{e}"));
        spec.shift_templates = vec![template()];
        let cal = spec.calendar();
        let v = Variant {
            day: 0,
            template: 0,
            start: min(8 * 60),
            break_starts: vec![min(90), min(240)],
        };
        let c = column(&spec, &cal, &v);
        assert_eq!(c.paid_hours, 8.0);
        let shares: Vec<f64> = c.cover.iter().map(|x| x.1).collect();
        // 08 full, 09 less the 09:30–09:45 break, 10, 11 full, 12 at lunch
        // (absent from the cover), 13–15 full.
        assert_eq!(
            c.cover.iter().map(|x| x.0).collect::<Vec<_>>(),
            vec![0, 1, 2, 3, 5, 6, 7]
        );
        assert_eq!(shares, vec![1.0, 0.75, 1.0, 1.0, 1.0, 1.0, 1.0]);
    }
}
