//! The layering rules of DESIGN.md, checked on the source text:
//!
//! - the engine knows nothing of contact centers: its code (comments aside)
//!   may not import the domain layers nor use the domain's words;
//! - nothing imports in a circle: neither the top-level modules (the
//!   folders and files directly under `src/`) nor the files themselves.
//!
//! The import graph is read textually. Comments and string literals are
//! blanked; then every `use` (its brace groups expanded) and every path
//! written in code that starts with `crate::`, `super::`, `self::` or
//! `ccsim::` (the binary's way to the library) is resolved to the file
//! that defines the module it names — through `pub use` re-exports to the
//! file that defines the item, since a re-export is a doorway, not a
//! dependency of the file that has it. Paths inside a file's own inline
//! modules (`mod tests { use super::*; }`) stay in the file. Test modules
//! count: a test that imports in a circle ties the files together too.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[test]
fn engine_is_free_of_contact_center_code() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/engine");
    let mut files = 0;
    for e in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{e}")) {
        let p = e.unwrap_or_else(|e| panic!("{e}")).path();
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        files += 1;
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("").to_lowercase();
            for banned in [
                "crate::center",
                "crate::scenario",
                "crate::stats",
                "crate::output",
                "contact",
                "agent",
                "whisper",
                "abandon",
                "customer",
            ] {
                assert!(
                    !code.contains(banned),
                    "{}:{}: `{banned}` in the engine: {line}",
                    p.display(),
                    n + 1
                );
            }
        }
    }
    assert!(files >= 5);
}

/// File-level circles known to exist while other work removes them, as
/// pairs of module paths. Each must say where it is going.
const KNOWN_CIRCLES: &[(&str, &str)] = &[];

#[test]
fn no_module_or_file_imports_in_a_circle() {
    let graph = ImportGraph::of_src();
    assert!(graph.files.len() > 40, "too few files found under src/");

    let mut problems = Vec::new();
    // Top-level modules: a file's edges, collapsed to the folder (or file)
    // directly under src/ that holds each end.
    let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, tos) in &graph.edges {
        let Some(a) = graph.top(from) else { continue };
        let entry = top.entry(a.clone()).or_default();
        for to in tos.keys() {
            if let Some(b) = graph.top(to) {
                if b != a {
                    entry.insert(b);
                }
            }
        }
    }
    for scc in strongly_connected(&top) {
        problems.push(format!(
            "top-level modules in a circle: {}",
            scc.join(" → ")
        ));
    }
    // Files.
    let files: BTreeMap<String, BTreeSet<String>> = graph
        .edges
        .iter()
        .map(|(from, tos)| (from.clone(), tos.keys().cloned().collect()))
        .collect();
    for scc in strongly_connected(&files) {
        let known = KNOWN_CIRCLES.iter().any(|(a, b)| {
            let mut pair = [a.to_string(), b.to_string()];
            pair.sort();
            scc == pair
        });
        if known {
            eprintln!("known file circle (allowed for now): {}", scc.join(" ↔ "));
            continue;
        }
        let mut text = format!("files in a circle: {}", scc.join(" → "));
        for from in &scc {
            for (to, at) in &graph.edges[from] {
                if scc.contains(to) {
                    text.push_str(&format!("\n    {from} uses {to} ({at})"));
                }
            }
        }
        problems.push(text);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The modules of `src/` and who uses whom.
struct ImportGraph {
    /// Module path (`sweep::grid`) → file, relative to `src/`.
    files: BTreeMap<String, PathBuf>,
    /// Module → module it uses → where first (`file:line`).
    edges: BTreeMap<String, BTreeMap<String, String>>,
}

/// One file, read.
struct Source {
    module: Vec<String>,
    rel: PathBuf,
    /// Paths it uses: (absolute path or `None` if it stays in the file,
    /// line).
    uses: Vec<(Vec<String>, usize)>,
    /// Names it re-exports (`pub use`) → the absolute path they stand for.
    exports: BTreeMap<String, Vec<String>>,
}

impl ImportGraph {
    fn of_src() -> ImportGraph {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut paths = Vec::new();
        walk(&src, &mut paths);
        // Module paths first: relative `use` needs to know the modules.
        let modules: BTreeMap<Vec<String>, PathBuf> = paths
            .iter()
            .map(|p| {
                let rel = p.strip_prefix(&src).unwrap_or(p).to_path_buf();
                (module_of(&rel), rel)
            })
            .collect();
        let sources: BTreeMap<Vec<String>, Source> = modules
            .iter()
            .map(|(m, rel)| {
                let text = std::fs::read_to_string(src.join(rel)).unwrap_or_default();
                (m.clone(), read_source(m, rel, &text, &modules))
            })
            .collect();
        let name = |m: &[String]| m.join("::");
        let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for (m, s) in &sources {
            let entry = edges.entry(name(m)).or_default();
            for (path, line) in &s.uses {
                let Some(to) = resolve(path, &sources, 0) else {
                    continue;
                };
                if &to != m {
                    entry
                        .entry(name(&to))
                        .or_insert_with(|| format!("{}:{line}", s.rel.display()));
                }
            }
        }
        ImportGraph {
            files: sources
                .iter()
                .map(|(m, s)| (name(m), s.rel.clone()))
                .collect(),
            edges,
        }
    }

    /// The top-level module holding `module` (`None` for the crate roots).
    fn top(&self, module: &str) -> Option<String> {
        let first = module.split("::").next()?;
        (!first.starts_with('(')).then(|| first.to_string())
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let p = e.unwrap_or_else(|e| panic!("{e}")).path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out.sort();
}

/// `sweep/grid.rs` → `[sweep, grid]`; `sweep/mod.rs` → `[sweep]`; the
/// crate roots get names no path can spell.
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|c| c.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    match parts.as_slice() {
        [root] if root == "lib" || root == "main" => vec![format!("({root})")],
        _ => {
            if parts.last().is_some_and(|l| l == "mod") {
                parts.pop();
            }
            parts
        }
    }
}

/// The file a path leads to: the longest prefix that is a module, then,
/// if the next name is re-exported there, wherever that leads.
fn resolve(
    path: &[String],
    sources: &BTreeMap<Vec<String>, Source>,
    depth: usize,
) -> Option<Vec<String>> {
    let k = (1..=path.len())
        .rev()
        .find(|&k| sources.contains_key(&path[..k]))?;
    let module = &path[..k];
    if depth < 8 {
        if let Some(target) = path
            .get(k)
            .and_then(|name| sources[module].exports.get(name))
        {
            let mut next = target.clone();
            next.extend_from_slice(&path[k + 1..]);
            if let Some(r) = resolve(&next, sources, depth + 1) {
                return Some(r);
            }
        }
    }
    Some(module.to_vec())
}

/// A token of code: a word, `::`, or one punctuation character; with its
/// line.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Colons,
    Punct(char),
}

fn read_source(
    module: &[String],
    rel: &Path,
    text: &str,
    modules: &BTreeMap<Vec<String>, PathBuf>,
) -> Source {
    let toks = tokens(&blank_comments_and_strings(text));
    let mut source = Source {
        module: module.to_vec(),
        rel: rel.to_path_buf(),
        uses: Vec::new(),
        exports: BTreeMap::new(),
    };
    // Inline `mod x { … }` blocks open: the brace depth each closes at.
    let mut inline: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < toks.len() {
        let (tok, line) = &toks[i];
        match tok {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => {
                depth = depth.saturating_sub(1);
                if inline.last() == Some(&depth) {
                    inline.pop();
                }
            }
            Tok::Word(w) if w == "mod" => {
                if let (Some((Tok::Word(_), _)), Some((Tok::Punct('{'), _))) =
                    (toks.get(i + 1), toks.get(i + 2))
                {
                    inline.push(depth);
                }
            }
            Tok::Word(w) if w == "use" => {
                let end = (i..toks.len())
                    .find(|&j| toks[j].0 == Tok::Punct(';'))
                    .unwrap_or(toks.len());
                let reexport = is_pub(&toks[..i]);
                for (path, alias) in use_tree(&toks[i + 1..end]) {
                    let Some(abs) = absolute(&path, &source, inline.len(), modules) else {
                        continue;
                    };
                    if reexport {
                        if let Some(name) = alias.or_else(|| path.last().cloned()) {
                            if name != "*" && name != "self" {
                                source.exports.insert(name, abs.clone());
                            }
                        }
                    } else {
                        source.uses.push((abs, *line));
                    }
                }
                i = end;
            }
            // A path in code: from the crate, a parent, this module or a
            // child module of it (`absolute` tells which, if any).
            Tok::Word(w)
                if toks.get(i + 1).map(|t| &t.0) == Some(&Tok::Colons)
                    && (i == 0 || toks[i - 1].0 != Tok::Colons) =>
            {
                let mut path = vec![w.clone()];
                let mut j = i + 1;
                while let (Some((Tok::Colons, _)), Some((Tok::Word(next), _))) =
                    (toks.get(j), toks.get(j + 1))
                {
                    path.push(next.clone());
                    j += 2;
                }
                if let Some(abs) = absolute(&path, &source, inline.len(), modules) {
                    source.uses.push((abs, *line));
                }
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    source
}

/// Whether the tokens before a `use` make it `pub` (any visibility).
fn is_pub(before: &[(Tok, usize)]) -> bool {
    let words: Vec<&Tok> = before.iter().rev().take(5).map(|t| &t.0).collect();
    match words.as_slice() {
        [Tok::Word(w), ..] if w == "pub" => true,
        // `pub(crate) use`, `pub(super) use`, `pub(in path) use`.
        [Tok::Punct(')'), rest @ ..] => rest
            .iter()
            .position(|t| **t == Tok::Punct('('))
            .and_then(|p| rest.get(p + 1))
            .is_some_and(|t| **t == Tok::Word("pub".into())),
        _ => false,
    }
}

/// A `use` path as written → absolute from the crate root, or `None` if it
/// names something outside the crate or inside this very file.
fn absolute(
    path: &[String],
    source: &Source,
    inline: usize,
    modules: &BTreeMap<Vec<String>, PathBuf>,
) -> Option<Vec<String>> {
    let first = path.first()?;
    let module = &source.module;
    match first.as_str() {
        "crate" | "ccsim" => Some(path[1..].to_vec()),
        "super" => {
            let ups = path.iter().take_while(|s| *s == "super").count();
            // The first `super`s lead out of inline modules, still in the file.
            let out_of_file = ups.checked_sub(inline).filter(|&n| n > 0)?;
            let base = module.len().checked_sub(out_of_file)?;
            let mut abs = module[..base].to_vec();
            abs.extend_from_slice(&path[ups..]);
            Some(abs)
        }
        "self" if inline == 0 => {
            let mut abs = module.clone();
            abs.extend_from_slice(&path[1..]);
            Some(abs)
        }
        "self" => None,
        // A path relative to this module: a child module of it (the
        // crate roots' children are the top-level modules).
        _ if inline == 0 => {
            let base: &[String] = if module[0].starts_with('(') {
                &[]
            } else {
                module
            };
            let mut abs = base.to_vec();
            abs.extend_from_slice(path);
            modules.contains_key(&abs[..base.len() + 1]).then_some(abs)
        }
        _ => None,
    }
}

/// The paths of a `use` tree (`a::{b, c::{d as e}}` → `a::b`, `a::c::d`
/// named `e`), each with its alias.
fn use_tree(toks: &[(Tok, usize)]) -> Vec<(Vec<String>, Option<String>)> {
    fn parse(
        toks: &[(Tok, usize)],
        i: &mut usize,
        prefix: &[String],
        out: &mut Vec<(Vec<String>, Option<String>)>,
    ) {
        let mut path = prefix.to_vec();
        while *i < toks.len() {
            match &toks[*i].0 {
                Tok::Word(w) if w == "as" => {
                    let alias = match toks.get(*i + 1) {
                        Some((Tok::Word(a), _)) => Some(a.clone()),
                        _ => None,
                    };
                    *i += 2;
                    out.push((std::mem::take(&mut path), alias));
                    return;
                }
                Tok::Word(w) => {
                    path.push(w.clone());
                    *i += 1;
                }
                Tok::Punct('*') => {
                    path.push("*".into());
                    *i += 1;
                }
                Tok::Colons => *i += 1,
                Tok::Punct('{') => {
                    *i += 1;
                    loop {
                        parse(toks, i, &path, out);
                        match toks.get(*i).map(|t| &t.0) {
                            Some(Tok::Punct(',')) => *i += 1,
                            Some(Tok::Punct('}')) => {
                                *i += 1;
                                return;
                            }
                            _ => return,
                        }
                        if toks.get(*i).map(|t| &t.0) == Some(&Tok::Punct('}')) {
                            *i += 1;
                            return;
                        }
                    }
                }
                _ => break,
            }
        }
        if path.len() > prefix.len() {
            out.push((path, None));
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    parse(toks, &mut i, &[], &mut out);
    out
}

/// Words, `::` and punctuation of `code`, with line numbers.
fn tokens(code: &str) -> Vec<(Tok, usize)> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push((Tok::Word(chars[start..i].iter().collect()), line));
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            out.push((Tok::Colons, line));
            i += 2;
        } else {
            out.push((Tok::Punct(c), line));
            i += 1;
        }
    }
    out
}

/// `text` with comments, string and character literals replaced by spaces
/// (newlines kept, so lines still count).
fn blank_comments_and_strings(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |out: &mut String, s: &[char]| {
        out.extend(s.iter().map(|&c| if c == '\n' { '\n' } else { ' ' }));
    };
    let mut i = 0;
    while i < chars.len() {
        let rest = &chars[i..];
        let end = if rest.starts_with(&['/', '/']) {
            rest.iter().position(|&c| c == '\n').unwrap_or(rest.len())
        } else if rest.starts_with(&['/', '*']) {
            (2..rest.len())
                .find(|&k| rest[k - 1] == '*' && rest[k] == '/')
                .map_or(rest.len(), |k| k + 1)
        } else if let Some(len) = raw_string(rest) {
            len
        } else if rest[0] == '"' {
            let mut k = 1;
            while k < rest.len() && rest[k] != '"' {
                k += if rest[k] == '\\' { 2 } else { 1 };
            }
            (k + 1).min(rest.len())
        } else if rest[0] == '\'' {
            // A character literal ('x', '\n', '\u{2014}'), not a lifetime.
            match rest.get(1) {
                // The escaped character, then the closing quote.
                Some('\\') => (3..rest.len())
                    .find(|&k| rest[k] == '\'')
                    .map_or(1, |k| k + 1),
                Some(_) if rest.get(2) == Some(&'\'') => 3,
                _ => 0,
            }
        } else {
            0
        };
        if end == 0 {
            out.push(chars[i]);
            i += 1;
        } else {
            blank(&mut out, &rest[..end]);
            i += end;
        }
    }
    out
}

/// The length of a raw string literal (`r"…"`, `r#"…"#`, `br#"…"#`) at the
/// start of `s`, if one starts there.
fn raw_string(s: &[char]) -> Option<usize> {
    let start = match s {
        ['r', '"' | '#', ..] => 1,
        ['b', 'r', '"' | '#', ..] => 2,
        _ => return None,
    };
    let hashes = s[start..].iter().take_while(|&&c| c == '#').count();
    if s.get(start + hashes) != Some(&'"') {
        return None;
    }
    let body = start + hashes + 1;
    (body..s.len())
        .find(|&k| {
            s[k] == '"'
                && s[k + 1..]
                    .iter()
                    .take(hashes)
                    .filter(|&&c| c == '#')
                    .count()
                    == hashes
        })
        .map(|k| k + 1 + hashes)
}

/// The strongly connected components with more than one node (Tarjan),
/// each sorted, in a stable order.
fn strongly_connected(g: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        g: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on.insert(v);
        let g = s.g;
        for w in g.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                s.low.entry(v).and_modify(|lv| *lv = (*lv).min(lw));
            } else if s.on.contains(w) {
                let iw = s.index[w];
                s.low.entry(v).and_modify(|lv| *lv = (*lv).min(iw));
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(w);
                comp.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.out.push(comp);
            }
        }
    }
    let mut s = State {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in g.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.out.sort();
    s.out
}

/// The reader itself, on small made-up files.
#[test]
fn the_import_reader_expands_use_trees_and_skips_comments_and_strings() {
    let code = blank_comments_and_strings(
        "// use crate::a;\nlet s = \"crate::b::c\"; let c = '\"'; fn f<'a>() {}\nuse crate::d::{e, f::{g as h, *}};\n",
    );
    assert!(!code.contains("crate::a") && !code.contains("crate::b"));
    assert!(code.contains("fn f<'a>"));
    let toks = tokens(&code);
    let at = toks
        .iter()
        .position(|t| t.0 == Tok::Word("use".into()))
        .unwrap_or_else(|| panic!("no use in {code}"));
    let end = toks.len() - 1;
    let paths: Vec<String> = use_tree(&toks[at + 1..end])
        .into_iter()
        .map(|(p, alias)| {
            format!(
                "{}{}",
                p.join("::"),
                alias.map(|a| format!(" as {a}")).unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        paths,
        ["crate::d::e", "crate::d::f::g as h", "crate::d::f::*"]
    );
    assert_eq!(
        raw_string(&"r#\"a\"b\"#;".chars().collect::<Vec<_>>()),
        Some(8)
    );
}
