//! The field path at a place in scenario text, for errors the TOML reader
//! raises before any field is known (a syntax mistake, a duplicate key, a
//! whole number too large for TOML): they come with a position only, and a
//! user needs the field's name to find it.
//!
//! This reads the text the way a person does — the last table header above
//! the position, then the keys and inline tables on the line up to it — not
//! as a full TOML parser: it is only ever asked about text the real parser has
//! already refused, and a path it cannot name is left out (`None`).

/// The field path (in the form the other messages use, `queues[1].targets`)
/// of the value at byte `offset` of `text`, or `None` when the position is not
/// inside any named field.
pub(crate) fn key_path_at(text: &str, offset: usize) -> Option<String> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let path = if text[line_start..].trim_start().starts_with('[') {
        // The error is in a table header: name the table it opens.
        table_at(&text[..line_end])
    } else {
        let mut path = table_at(&text[..line_start]);
        // From the table's header on, so that a value in an array spanning
        // lines (`axes = [` then one axis a line) is named by its key and
        // position; a multi-line string there would be misread, so then
        // the line alone.
        let section = &text[section_start(&text[..line_start])..offset];
        let multi_line_string = section.contains("\"\"\"") || section.contains("'''");
        path.extend(keys_in(if multi_line_string {
            &text[line_start..offset]
        } else {
            section
        }));
        path
    };
    (!path.is_empty()).then(|| join(&path))
}

/// One step of a field path: a key, or a position in an array.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// Joins steps as `a.b[2].c`.
fn join(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The table that the last header in `before` opens, with the index of an
/// array-of-tables entry (`[[queues]]` seen three times is `queues[2]`).
fn table_at(before: &str) -> Vec<Step> {
    let mut path = Vec::new();
    // How many times each array-of-tables header has appeared, so the
    // current one's index is known.
    let mut seen: Vec<(String, usize)> = Vec::new();
    for line in before.lines() {
        let line = line.trim();
        if let Some(name) = line
            .strip_prefix("[[")
            .and_then(|rest| rest.split("]]").next())
            .and_then(header_name)
        {
            match seen.iter_mut().find(|(n, _)| *n == name) {
                Some((_, c)) => *c += 1,
                None => seen.push((name.clone(), 0)),
            }
            // A new entry of an outer array starts its nested arrays afresh.
            let prefix = format!("{name}.");
            seen.retain(|(n, _)| !n.starts_with(&prefix));
            path = resolve_header(&name, &seen);
        } else if let Some(name) = line
            .strip_prefix('[')
            .and_then(|rest| rest.split(']').next())
            .and_then(header_name)
        {
            path = resolve_header(&name, &seen);
        }
    }
    path
}

/// Where the body of the table the last header in `before` opens begins:
/// just after that header's line (0 without one).
fn section_start(before: &str) -> usize {
    let mut start = 0;
    let mut at = 0;
    for line in before.split_inclusive('\n') {
        let t = line.trim();
        let header = t
            .strip_prefix("[[")
            .and_then(|rest| rest.split("]]").next())
            .or_else(|| t.strip_prefix('[').and_then(|rest| rest.split(']').next()))
            .and_then(header_name);
        at += line.len();
        if header.is_some() {
            start = at;
        }
    }
    start
}

/// A `[a.b]` header's path, with the current index of each array of tables
/// it passes through (`[queues.targets]` after three `[[queues]]` is
/// `queues[2].targets`).
fn resolve_header(name: &str, seen: &[(String, usize)]) -> Vec<Step> {
    let mut path = Vec::new();
    let mut so_far = String::new();
    for part in name.split('.') {
        if !so_far.is_empty() {
            so_far.push('.');
        }
        so_far.push_str(part);
        path.push(Step::Key(part.to_string()));
        if let Some((_, i)) = seen.iter().find(|(n, _)| *n == so_far) {
            path.push(Step::Index(*i));
        }
    }
    path
}

/// A header's dotted name with spaces and quotes dropped, or `None` when
/// the bracketed text is not a key (a line of a multi-line array, say).
fn header_name(inside: &str) -> Option<String> {
    let parts: Vec<String> = inside
        .split('.')
        .map(|p| p.trim().trim_matches(|c| c == '"' || c == '\'').to_string())
        .collect();
    parts
        .iter()
        .all(|p| !p.is_empty() && p.chars().all(is_bare_key_char))
        .then(|| parts.join("."))
}

/// Whether `c` may appear in a bare TOML key.
fn is_bare_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// An inline table or array open on the error's line, with the key that
/// names it (none for an inline table that is an array's element).
enum Open {
    Table(Option<String>),
    Array(Option<String>, usize),
}

/// The keys, inline tables and array positions open at the end of `text`
/// (a table's body up to the error): `a = { b = [1, {c = ` gives
/// `a.b[1].c`. A line break outside any array ends a key's value; inside
/// one it is space (arrays may span lines).
fn keys_in(text: &str) -> Vec<Step> {
    let mut open: Vec<Open> = Vec::new();
    let mut key = String::new();
    // The key whose value is being read, once its `=` is seen.
    let mut pending: Option<String> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => {
                // A quoted key or a string value: skip to its end.
                let mut inner = String::new();
                for d in chars.by_ref() {
                    if d == c {
                        break;
                    }
                    inner.push(d);
                }
                if pending.is_none() {
                    key.push_str(&inner);
                }
            }
            '#' => {
                // A comment runs to the end of its line.
                if chars.by_ref().all(|d| d != '\n') {
                    break;
                }
                if open.is_empty() {
                    pending = None;
                    key.clear();
                }
            }
            '\n' if open.is_empty() => {
                pending = None;
                key.clear();
            }
            '\n' | '\r' => {}
            '=' => pending = Some(std::mem::take(&mut key).trim().to_string()),
            '{' => {
                open.push(Open::Table(pending.take()));
                key.clear();
            }
            '[' => {
                open.push(Open::Array(pending.take(), 0));
                key.clear();
            }
            ',' => {
                match open.last_mut() {
                    Some(Open::Array(_, i)) => *i += 1,
                    _ => pending = None,
                }
                key.clear();
            }
            '}' | ']' => {
                open.pop();
                pending = None;
                key.clear();
            }
            _ if pending.is_none() => key.push(c),
            _ => {}
        }
    }
    let mut path = Vec::new();
    for o in open {
        match o {
            Open::Table(k) => path.extend(k.map(Step::Key)),
            Open::Array(k, i) => {
                path.extend(k.map(Step::Key));
                path.push(Step::Index(i));
            }
        }
    }
    path.extend(pending.map(Step::Key));
    path.retain(|s| !matches!(s, Step::Key(k) if k.is_empty()));
    path
}

#[cfg(test)]
mod tests {
    use super::key_path_at;

    /// The path at the first occurrence of `marker` in `text`.
    fn at(text: &str, marker: &str) -> Option<String> {
        key_path_at(text, text.find(marker).expect("marker in text"))
    }

    #[test]
    fn a_key_in_a_table_is_named_with_its_table() {
        let text = "name = \"x\"\n[simulation]\nseed = 999\n";
        assert_eq!(at(text, "999").as_deref(), Some("simulation.seed"));
        assert_eq!(at(text, "\"x\"").as_deref(), Some("name"));
    }

    #[test]
    fn an_array_of_tables_entry_has_its_index() {
        let text = "[[queues]]\nname = \"a\"\n[[queues]]\nname = \"b\"\n\
                    [queues.targets]\nasa = 999\n[[agent_groups]]\nheadcount = 777\n";
        assert_eq!(at(text, "999").as_deref(), Some("queues[1].targets.asa"));
        assert_eq!(
            at(text, "777").as_deref(),
            Some("agent_groups[0].headcount")
        );
    }

    #[test]
    fn inline_tables_and_arrays_on_the_line_are_followed() {
        let text =
            "[[queues]]\ntargets = { service_level = { threshold = \"20s\", target = 999 } }\n";
        assert_eq!(
            at(text, "999").as_deref(),
            Some("queues[0].targets.service_level.target")
        );
        let text =
            "[[routing_profiles]]\nqueues = [{ queue = \"a\" }, { queue = \"b\", delay = 999 }]\n";
        assert_eq!(
            at(text, "999").as_deref(),
            Some("routing_profiles[0].queues[1].delay")
        );
    }

    /// A fuzz find: a number too large in a sweep axis written one axis a
    /// line was named `sweep.values[1]`, losing the axis.
    #[test]
    fn arrays_spanning_lines_are_followed_from_their_key() {
        let text = "[simulation]\nseed = 1 # one\n\n[sweep]\nreplications = 2\naxes = [\n  # the first\n  { path = \"a\", values = [1] },\n  { path = \"b\", values = [1, 999] }\n]\n";
        assert_eq!(at(text, "999").as_deref(), Some("sweep.axes[1].values[1]"));
        let text = "[simulation]\nseed = 1\nhorizon = 999\n";
        assert_eq!(at(text, "999").as_deref(), Some("simulation.horizon"));
        let text = "[simulation]\nnote = \"\"\"a = [\nb\"\"\"\nseed = 999\n";
        assert_eq!(at(text, "999").as_deref(), Some("simulation.seed"));
    }

    #[test]
    fn a_nested_array_of_tables_restarts_with_its_parent() {
        let text = "[[a]]\n[[a.b]]\n[[a.b]]\n[[a]]\n[[a.b]]\nx = 999\n";
        assert_eq!(at(text, "999").as_deref(), Some("a[1].b[0].x"));
    }

    #[test]
    fn an_error_in_a_header_names_the_table_it_opens() {
        let text = "[simulation]\nseed = 1\n[queues.targets x]\n";
        assert_eq!(at(text, "[queues").as_deref(), Some("simulation"));
        let text = "[[queues]]\nname = \"a\"\n[[queues]]\n";
        assert_eq!(
            key_path_at(text, text.len() - 3).as_deref(),
            Some("queues[1]")
        );
    }

    #[test]
    fn nothing_is_named_outside_any_field() {
        assert_eq!(key_path_at("", 0), None);
        assert_eq!(at("# only a comment\n", "only"), None);
    }
}
