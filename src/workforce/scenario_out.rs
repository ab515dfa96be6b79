//! `scenario.toml` of `ccsim schedule`: the input scenario with each
//! scheduled group's `headcount` replaced by the shifts chosen, so that the
//! planner can `ccsim run` the schedule (or edit it). The file is rewritten
//! through `toml`'s tables: values and structure are kept, comments are
//! not (a note at its head says so).

use crate::center::spec::CenterSpec;
use crate::engine::SimDuration;

use super::files::clock;
use super::schedule::GroupSchedule;

/// A duration as the scenario writes one: `2h`, `1h30m`, `45m`, `90s`.
pub fn duration_text(d: SimDuration) -> String {
    let s = d.as_millis() / 1000;
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    let mut t = String::new();
    if h > 0 {
        t.push_str(&format!("{h}h"));
    }
    if m > 0 {
        t.push_str(&format!("{m}m"));
    }
    if sec > 0 || t.is_empty() {
        t.push_str(&format!("{sec}s"));
    }
    t
}

/// The shifts of `gs` as the scenario's `shifts = [...]`.
fn shifts_value(spec: &CenterSpec, gs: &GroupSchedule) -> toml::Value {
    let rows = gs
        .shifts
        .iter()
        .map(|(v, k)| {
            let mut t = toml::Table::new();
            let tpl = &spec.shift_templates[v.template];
            t.insert("template".into(), toml::Value::String(tpl.name.clone()));
            t.insert("start".into(), toml::Value::String(clock(v.start)));
            t.insert("day".into(), toml::Value::Integer(i64::from(v.day)));
            t.insert("agents".into(), toml::Value::Integer(i64::from(*k)));
            if !v.break_starts.is_empty() {
                let b = v
                    .break_starts
                    .iter()
                    .map(|s| toml::Value::String(duration_text(*s)))
                    .collect();
                t.insert("breaks".into(), toml::Value::Array(b));
            }
            toml::Value::Table(t)
        })
        .collect();
    toml::Value::Array(rows)
}

/// The scenario text `input` with `schedules` filled in (a group matched
/// by name), or the reason it could not be rewritten.
pub fn scenario_with_shifts(
    spec: &CenterSpec,
    input: &str,
    schedules: &[GroupSchedule],
) -> Result<String, String> {
    let mut doc: toml::Table = input.parse().map_err(|e| format!("{e}"))?;
    let groups = doc
        .get_mut("agent_groups")
        .and_then(|g| g.as_array_mut())
        .ok_or("the scenario has no [[agent_groups]]")?;
    for gs in schedules {
        let name = &spec.groups[gs.group].name;
        let Some(table) = groups
            .iter_mut()
            .filter_map(|g| g.as_table_mut())
            .find(|t| t.get("name").and_then(|n| n.as_str()) == Some(name.as_str()))
        else {
            return Err(format!("agent group {name} is not in the scenario file"));
        };
        table.remove("headcount");
        table.insert("shifts".into(), shifts_value(spec, gs));
    }
    let body = toml::to_string(&doc).map_err(|e| format!("{e}"))?;
    Ok(format!(
        "# Written by `ccsim schedule`: the scenario {:?} with the shifts it chose\n# (comments of the original are not kept). Run it with `ccsim run`.\n\n{body}",
        spec.name
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_back_as_written() {
        for (ms, text) in [
            (7_200_000, "2h"),
            (5_400_000, "1h30m"),
            (2_700_000, "45m"),
            (90_000, "1m30s"),
            (0, "0s"),
        ] {
            let d = SimDuration(ms);
            assert_eq!(duration_text(d), text);
            let back = crate::scenario::duration::parse_duration(text).unwrap_or(f64::NAN);
            assert_eq!(back * 1000.0, ms as f64);
        }
    }
}
