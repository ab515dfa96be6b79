//! Field paths: where a sweep axis writes its values in the scenario.
//!
//! A path is written as keys separated by dots, the way the scenario nests
//! them, with list entries picked by name:
//!
//! - `agent_groups.tier1.headcount` — key `headcount` of the `agent_groups`
//!   entry whose `name` is `tier1`;
//! - `routing_profiles.generalists.queues.sales.delay` — list entries that
//!   have no `name` but a `queue` are picked by their queue;
//! - `agent_groups.tier1.headcount[3]` (or `.3`) — an entry of a list by
//!   position (here the fourth interval's headcount);
//! - `flows."Main IVR".duration.mean` — quotes for names with dots; bare
//!   names may contain spaces;
//! - `sources.main_line.customer.talk.mean` — a distribution's mean. For a
//!   distribution written as a constant (`talk = "3m"`, or
//!   `{ dist = "constant", value = "3m" }`) the mean *is* the constant, so
//!   the path sets the constant. Uniform and empirical distributions have no
//!   mean parameter: such a path is refused with a hint.
//!
//! A path is resolved once, against the scenario as written, into concrete
//! [`Step`]s; every point then sets its value through the same steps.

use std::fmt;

/// One part of a path as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A key, a list entry's name, or a position written as digits.
    Key(String),
    /// A position written as `[n]`.
    Index(usize),
}

/// One step into the scenario's TOML, after resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A key of a table.
    Key(String),
    /// A position in a list.
    Index(usize),
}

/// A resolved path: how to reach the field, and how validation errors spell
/// it (`agent_groups[0].headcount`), so that they can be traced back to the
/// axis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Steps from the top of the scenario.
    pub steps: Vec<Step>,
    /// The field path as scenario errors write it.
    pub field_path: String,
    /// Whether the last key is not written in the scenario (an optional
    /// field the axis adds): if validation then rejects the key itself, the
    /// path is at fault rather than the value.
    pub added: bool,
}

impl Target {
    /// Whether `self` and `other` write to the same field or one contains the
    /// other (two axes must not).
    pub fn overlaps(&self, other: &Target) -> bool {
        let n = self.steps.len().min(other.steps.len());
        self.steps[..n] == other.steps[..n]
    }
}

/// Why a path cannot be used: what is wrong and what would be right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    /// What is wrong.
    pub message: String,
    /// What would be right.
    pub hint: String,
}

impl PathError {
    fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        PathError {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// Splits a path as written into segments.
pub fn parse_path(text: &str) -> Result<Vec<Segment>, PathError> {
    let example = "write keys separated by dots, e.g. agent_groups.tier1.headcount or sources.main_line.customer.talk.mean";
    let mut segments = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    // After a segment, the next character must be a dot, a `[` or the end.
    let mut expect_separator = false;
    while i < chars.len() {
        let c = chars[i];
        if expect_separator {
            match c {
                '.' => {
                    i += 1;
                    if i == chars.len() {
                        return Err(PathError::new(
                            format!("path `{text}` ends with a dot"),
                            example,
                        ));
                    }
                }
                '[' => {}
                _ => {
                    return Err(PathError::new(
                        format!("unexpected `{c}` in path `{text}`"),
                        example,
                    ))
                }
            }
            expect_separator = false;
            continue;
        }
        match c {
            '"' => {
                let mut key = String::new();
                i += 1;
                let mut closed = false;
                while i < chars.len() {
                    match chars[i] {
                        '\\' if i + 1 < chars.len() => {
                            key.push(chars[i + 1]);
                            i += 2;
                        }
                        '"' => {
                            closed = true;
                            i += 1;
                            break;
                        }
                        other => {
                            key.push(other);
                            i += 1;
                        }
                    }
                }
                if !closed {
                    return Err(PathError::new(
                        format!("unclosed quote in path `{text}`"),
                        "close the quoted name, e.g. flows.\"Main IVR\".duration.mean",
                    ));
                }
                segments.push(Segment::Key(key));
            }
            '[' => {
                let end = chars[i..].iter().position(|&c| c == ']').map(|p| i + p);
                let Some(end) = end else {
                    return Err(PathError::new(
                        format!("unclosed `[` in path `{text}`"),
                        "write a position as [n], e.g. agent_groups.tier1.headcount[3]",
                    ));
                };
                let digits: String = chars[i + 1..end].iter().collect();
                let n = digits.trim().parse::<usize>().map_err(|_| {
                    PathError::new(
                        format!("`[{digits}]` in path `{text}` is not a position"),
                        "positions are whole numbers from 0, e.g. headcount[3]",
                    )
                })?;
                segments.push(Segment::Index(n));
                i = end + 1;
            }
            '.' => {
                return Err(PathError::new(
                    format!("empty part in path `{text}`"),
                    example,
                ))
            }
            _ => {
                let start = i;
                while i < chars.len() && !matches!(chars[i], '.' | '[' | '"') {
                    i += 1;
                }
                let key: String = chars[start..i].iter().collect();
                let key = key.trim().to_string();
                if key.is_empty() {
                    return Err(PathError::new(
                        format!("empty part in path `{text}`"),
                        example,
                    ));
                }
                segments.push(Segment::Key(key));
            }
        }
        expect_separator = true;
    }
    if segments.is_empty() {
        return Err(PathError::new("the path is empty", example));
    }
    Ok(segments)
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Segment::Key(k) if k.contains(['.', '"', '[']) => write!(f, "{k:?}"),
            Segment::Key(k) => write!(f, "{k}"),
            Segment::Index(n) => write!(f, "[{n}]"),
        }
    }
}

/// The segments written so far, for messages: `agent_groups.tier1`.
fn shown(segments: &[Segment]) -> String {
    let mut s = String::new();
    for seg in segments {
        if !s.is_empty() && matches!(seg, Segment::Key(_)) {
            s.push('.');
        }
        s.push_str(&seg.to_string());
    }
    s
}

fn keys_of(t: &toml::Table) -> String {
    let keys: Vec<&str> = t.keys().map(String::as_str).collect();
    if keys.is_empty() {
        "(none)".into()
    } else {
        keys.join(", ")
    }
}

/// How a list entry is named: its `name`, or for entries that have none
/// (a profile's queues, a flow's queue branches) its `queue`.
fn entry_name(v: &toml::Value) -> Option<&str> {
    let t = v.as_table()?;
    t.get("name")
        .or_else(|| t.get("queue"))
        .and_then(toml::Value::as_str)
}

/// Distribution families without a `mean` parameter.
const NO_MEAN: [(&str, &str); 2] = [
    (
        "uniform",
        "a uniform distribution has `min` and `max`, no mean; sweep both in a zipped group (same `group`), or make it a family with a mean such as { dist = \"gamma\", mean = …, cv = … }",
    ),
    (
        "empirical",
        "an empirical distribution has a list of `values`, no mean; sweep `values` itself, or scale the source's volume instead",
    ),
];

/// Where resolution stands: in a table (the top level or a nested one), or
/// at any other value.
#[derive(Clone, Copy)]
enum Node<'a> {
    Table(&'a toml::Table),
    Value(&'a toml::Value),
}

impl<'a> Node<'a> {
    fn of(v: &'a toml::Value) -> Self {
        match v {
            toml::Value::Table(t) => Node::Table(t),
            other => Node::Value(other),
        }
    }
}

/// Resolves `segments` against the scenario as written.
pub fn resolve(root: &toml::Table, segments: &[Segment]) -> Result<Target, PathError> {
    if segments.first() == Some(&Segment::Key("sweep".into())) {
        return Err(PathError::new(
            "a sweep cannot change its own [sweep] table",
            "point the path at a scenario field, e.g. agent_groups.tier1.headcount",
        ));
    }
    let mut walk = Walk::default();
    let mut cur = Node::Table(root);
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        let here = shown(&segments[..i]);
        let next = match cur {
            Node::Table(t) => walk.in_table(t, seg, last, &here)?,
            Node::Value(toml::Value::Array(items)) => Some(walk.in_list(items, seg, &here)?),
            Node::Value(scalar) => {
                let constant = matches!(
                    scalar,
                    toml::Value::String(_) | toml::Value::Integer(_) | toml::Value::Float(_)
                );
                if last && constant && *seg == Segment::Key("mean".into()) {
                    // `talk = "3m"` is a constant distribution; its mean is
                    // the constant itself, which the steps already reach.
                    None
                } else {
                    return Err(PathError::new(
                        format!("`{here}` is a single value ({scalar}); it has no `{seg}`"),
                        format!("sweep `{here}` itself"),
                    ));
                }
            }
        };
        match next {
            Some(node) => cur = node,
            None => break,
        }
    }
    if walk.steps
        == [
            Step::Key("simulation".into()),
            Step::Key("replications".into()),
        ]
    {
        return Err(PathError::new(
            "the replications per point are not an axis",
            "set `replications` in [sweep] (or pass --replications); every point runs that many",
        ));
    }
    Ok(Target {
        steps: walk.steps,
        field_path: walk.field_path,
        added: walk.added,
    })
}

/// A resolution in progress: the steps so far, and the field path as
/// scenario errors spell it.
#[derive(Default)]
struct Walk {
    steps: Vec<Step>,
    field_path: String,
    added: bool,
}

impl Walk {
    fn push_key(&mut self, k: &str) {
        if !self.field_path.is_empty() {
            self.field_path.push('.');
        }
        self.field_path.push_str(k);
        self.steps.push(Step::Key(k.to_string()));
    }

    /// Steps by `seg` into table `t` (at `here`); returns where it leads,
    /// or `None` when the path ends there.
    fn in_table<'a>(
        &mut self,
        t: &'a toml::Table,
        seg: &Segment,
        last: bool,
        here: &str,
    ) -> Result<Option<Node<'a>>, PathError> {
        let key = match seg {
            Segment::Key(k) => k,
            Segment::Index(n) => {
                return Err(PathError::new(
                    format!("`{here}` is a table, not a list: `[{n}]` cannot pick from it"),
                    format!("name one of its keys: {}", keys_of(t)),
                ))
            }
        };
        if last && key == "mean" && !t.contains_key("mean") {
            match t.get("dist").and_then(toml::Value::as_str) {
                // A constant's mean is its value.
                Some("constant") => {
                    self.push_key("value");
                    return Ok(None);
                }
                Some(family) => {
                    if let Some((_, hint)) = NO_MEAN.iter().find(|(f, _)| *f == family) {
                        return Err(PathError::new(
                            format!(
                                "`{here}` is a {family} distribution, which has no mean parameter"
                            ),
                            *hint,
                        ));
                    }
                }
                None => {}
            }
        }
        match t.get(key) {
            Some(v) => {
                self.push_key(key);
                Ok(Some(Node::of(v)))
            }
            // A field the scenario leaves out (an optional one, such as a
            // queue's capacity) can be set; validation checks its name.
            None if last => {
                self.push_key(key);
                self.added = true;
                Ok(None)
            }
            None => {
                let place = if here.is_empty() {
                    "the scenario".to_string()
                } else {
                    format!("`{here}`")
                };
                Err(PathError::new(
                    format!("{place} has no `{key}`"),
                    format!(
                        "keys written there: {}; a part the scenario leaves out can only be the last part of a path, so write `{key}` in the scenario first",
                        keys_of(t)
                    ),
                ))
            }
        }
    }

    /// Steps by `seg` into list `items` (at `here`), picking an entry by
    /// name or position; returns the entry.
    fn in_list<'a>(
        &mut self,
        items: &'a [toml::Value],
        seg: &Segment,
        here: &str,
    ) -> Result<Node<'a>, PathError> {
        let names: Vec<&str> = items.iter().filter_map(entry_name).collect();
        let idx = match seg {
            Segment::Index(n) => *n,
            Segment::Key(k) => match items.iter().position(|v| entry_name(v) == Some(k)) {
                Some(p) => p,
                None => match k.parse::<usize>() {
                    Ok(n) => n,
                    Err(_) if names.is_empty() => {
                        return Err(PathError::new(
                            format!("`{here}` is a list of values; `{k}` does not pick one"),
                            format!(
                                "pick a position from 0 to {}, e.g. {here}[0], or sweep the whole list with {here}",
                                items.len().saturating_sub(1)
                            ),
                        ))
                    }
                    Err(_) => {
                        return Err(PathError::new(
                            format!("no entry named `{k}` in `{here}`"),
                            format!("names there: {}", names.join(", ")),
                        ))
                    }
                },
            },
        };
        let Some(entry) = items.get(idx) else {
            return Err(PathError::new(
                format!(
                    "`{here}` has {} entr{}; position {idx} is past its end",
                    items.len(),
                    if items.len() == 1 { "y" } else { "ies" }
                ),
                format!("positions run from 0 to {}", items.len().saturating_sub(1)),
            ));
        };
        self.field_path.push_str(&format!("[{idx}]"));
        self.steps.push(Step::Index(idx));
        Ok(Node::of(entry))
    }
}

/// Sets `value` at `steps` in `root`. The steps come from [`resolve`] on
/// the same scenario, so they exist; a mismatch is reported, not panicked on.
pub fn set(root: &mut toml::Table, steps: &[Step], value: toml::Value) -> Result<(), String> {
    let Some((Step::Key(first), rest)) = steps.split_first() else {
        return Err("a path must start with a key".into());
    };
    let Some((last, middle)) = rest.split_last() else {
        root.insert(first.clone(), value);
        return Ok(());
    };
    let mut cur = root
        .get_mut(first)
        .ok_or_else(|| format!("`{first}` is missing"))?;
    for step in middle {
        cur = match (step, cur) {
            (Step::Key(k), toml::Value::Table(t)) => {
                t.get_mut(k).ok_or_else(|| format!("`{k}` is missing"))?
            }
            (Step::Index(i), toml::Value::Array(a)) => a
                .get_mut(*i)
                .ok_or_else(|| format!("position {i} is missing"))?,
            _ => return Err("the scenario's shape changed under the path".into()),
        };
    }
    match (last, cur) {
        (Step::Key(k), toml::Value::Table(t)) => {
            t.insert(k.clone(), value);
        }
        (Step::Index(i), toml::Value::Array(a)) => match a.get_mut(*i) {
            Some(slot) => *slot = value,
            None => return Err(format!("position {i} is missing")),
        },
        _ => return Err("the scenario's shape changed under the path".into()),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCENARIO: &str = r#"
        [simulation]
        seed = 1
        horizon = "1h"
        [[queues]]
        name = "sales"
        [[routing_profiles]]
        name = "p"
        queues = [{ queue = "sales", priority = 1 }]
        [[agent_groups]]
        name = "tier1"
        headcount = [3, 4, 5]
        [[flows]]
        name = "Main.IVR"
        duration = { dist = "constant", value = "3s" }
        [[sources]]
        name = "line"
        [sources.customer]
        talk = "3m"
        patience = { dist = "uniform", min = "1m", max = "3m" }
        holds = { mean_count = 1, duration = { dist = "exponential", mean = "40s" } }
    "#;

    fn table() -> toml::Table {
        match SCENARIO.parse::<toml::Table>() {
            Ok(t) => t,
            Err(e) => panic!("{e}"),
        }
    }

    fn target(path: &str) -> Result<Target, PathError> {
        let segs = parse_path(path)?;
        resolve(&table(), &segs)
    }

    fn field(path: &str) -> String {
        match target(path) {
            Ok(t) => t.field_path,
            Err(e) => panic!("{path}: {e:?}"),
        }
    }

    fn error(path: &str) -> PathError {
        match target(path) {
            Ok(t) => panic!("{path} resolved to {t:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn parses_keys_quotes_and_positions() {
        let k = |s: &str| Segment::Key(s.into());
        assert_eq!(
            parse_path("flows.\"Main.IVR\".duration").ok(),
            Some(vec![k("flows"), k("Main.IVR"), k("duration")])
        );
        assert_eq!(
            parse_path("agent_groups.tier1.headcount[2]").ok(),
            Some(vec![
                k("agent_groups"),
                k("tier1"),
                k("headcount"),
                Segment::Index(2)
            ])
        );
        assert_eq!(
            parse_path("flows.Main IVR.duration").ok(),
            Some(vec![k("flows"), k("Main IVR"), k("duration")])
        );
        for bad in ["", "a..b", "a.", ".a", "a[x]", "a[1", "\"a", "a\"b\""] {
            assert!(parse_path(bad).is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn names_pick_list_entries_and_errors_list_the_names() {
        assert_eq!(
            field("agent_groups.tier1.headcount"),
            "agent_groups[0].headcount"
        );
        assert_eq!(
            field("agent_groups.tier1.headcount.2"),
            "agent_groups[0].headcount[2]"
        );
        assert_eq!(
            field("routing_profiles.p.queues.sales.priority"),
            "routing_profiles[0].queues[0].priority"
        );
        assert_eq!(field("queues.sales.capacity"), "queues[0].capacity");
        assert!(target("queues.sales.capacity").is_ok_and(|t| t.added));
        assert!(target("agent_groups.tier1.headcount").is_ok_and(|t| !t.added));
        let e = error("agent_groups.tier2.headcount");
        assert!(
            e.message.contains("tier2") && e.hint.contains("tier1"),
            "{e:?}"
        );
        let e = error("agent_groups.tier1.headcount[3]");
        assert!(e.message.contains("past its end"), "{e:?}");
        let e = error("queues.sales.limits.max");
        assert!(
            e.hint.contains("name") && e.message.contains("limits"),
            "{e:?}"
        );
    }

    #[test]
    fn a_constant_distributions_mean_is_the_constant() {
        assert_eq!(
            field("sources.line.customer.talk.mean"),
            "sources[0].customer.talk"
        );
        assert_eq!(
            field("flows.\"Main.IVR\".duration.mean"),
            "flows[0].duration.value"
        );
        assert_eq!(
            field("sources.line.customer.holds.duration.mean"),
            "sources[0].customer.holds.duration.mean"
        );
        let e = error("sources.line.customer.patience.mean");
        assert!(
            e.message.contains("uniform") && e.hint.contains("min"),
            "{e:?}"
        );
        let e = error("sources.line.customer.talk.cv");
        assert!(e.message.contains("single value"), "{e:?}");
    }

    #[test]
    fn own_table_and_replications_are_refused() {
        assert!(error("sweep.replications").message.contains("[sweep]"));
        assert!(error("simulation.replications").hint.contains("[sweep]"));
        assert_eq!(field("simulation.seed"), "simulation.seed");
    }

    #[test]
    fn set_writes_through_the_steps() {
        let mut t = table();
        let target = match target("agent_groups.tier1.headcount[1]") {
            Ok(x) => x,
            Err(e) => panic!("{e:?}"),
        };
        assert_eq!(set(&mut t, &target.steps, toml::Value::Integer(9)), Ok(()));
        let hc = t["agent_groups"][0]["headcount"].clone();
        assert_eq!(hc, toml::Value::Array(vec![3.into(), 9.into(), 5.into()]));
        let cap = match self::target("queues.sales.capacity") {
            Ok(x) => x,
            Err(e) => panic!("{e:?}"),
        };
        assert_eq!(set(&mut t, &cap.steps, toml::Value::Integer(7)), Ok(()));
        assert_eq!(t["queues"][0]["capacity"].as_integer(), Some(7));
    }

    #[test]
    fn overlapping_targets_are_detected() {
        let a = Target {
            steps: vec![Step::Key("a".into()), Step::Key("b".into())],
            field_path: "a.b".into(),
            added: false,
        };
        let b = Target {
            steps: vec![Step::Key("a".into())],
            field_path: "a".into(),
            added: false,
        };
        let c = Target {
            steps: vec![Step::Key("c".into())],
            field_path: "c".into(),
            added: false,
        };
        assert!(a.overlaps(&b) && b.overlaps(&a) && !a.overlaps(&c));
    }
}
