//! The scenario file: TOML parsed into raw serde types, then validated into
//! a [`CenterSpec`] ([`validate`]), with errors that name the file, the field
//! path and the fix ([`error`]).
//!
//! One room per table of the file. Each holds the table's raw serde
//! struct(s), its defaults (serde defaults or named consts) and its checks,
//! which build that table's part of the [`CenterSpec`]:
//!
//! | To add a field to…                                        | edit            |
//! |-----------------------------------------------------------|-----------------|
//! | `[simulation]`, the top-level `name`, `[instance_limits]` | `simulation.rs` |
//! | `[[queues]]` (with `targets`, `transfer`, `transfer_by_group`) | `queues.rs` |
//! | `[[routing_profiles]]`                                    | `routing.rs`    |
//! | `[[agent_groups]]` (with `outbound`)                      | `groups.rs`     |
//! | `[[shift_templates]]`, a group's `shifts` and `shrinkage` | `shifts.rs`     |
//! | `[[flows]]` (with `callback`, `move_to_queue`)            | `flows.rs`      |
//! | `[[sources]]`, `[sources.customer]` (holds, transfer)     | `sources.rs`    |
//! | a distribution family, or a field of one                  | `dist.rs`       |
//!
//! A new field also needs its place in the spec type (`center/spec.rs`). A
//! new *table* gets its own room, a field in [`raw::RawScenario`] (the top
//! level; [`raw`] also re-exports every room's raw types) and a call in
//! [`validate`], which runs the rooms in the order problems are reported —
//! simulation, queues, routing profiles, agent groups, flows, sources,
//! instance limits — and assembles the spec. `check.rs` holds the problem
//! collector and the checks several tables share (probabilities,
//! durations, unique names, channels, one-value-or-one-per-interval);
//! [`duration`] and [`date`] parse what people write for times;
//! [`limits`] holds the limits a run must keep (memory, the clock, file
//! names), checked last.

mod campaigns;
mod check;
mod criteria;
pub mod date;
mod dist;
pub mod duration;
mod email;
pub mod error;
pub mod explain;
mod external;
mod flows;
pub use flows::{DEFAULT_CALLBACK_RETRY_DELAY, DEFAULT_CALLBACK_RING_SECS, MAX_CALLBACK_ATTEMPTS};
mod groups;
pub mod limits;
mod locate;
mod pause;
mod queues;
pub mod raw;
mod redial;
pub mod reference;
mod routing;
mod shifts;
mod simulation;
mod sources;
mod supervisors;
mod transfers;
pub mod validate;

use std::path::{Path, PathBuf};

use crate::center::spec::CenterSpec;

pub use error::{Problem, ProblemKind, ScenarioError};
pub use external::is_e164;
pub use simulation::is_folder_name;

/// The bundled default scenario, run by `ccsim run` with no argument.
pub const DEFAULT_SCENARIO: &str = include_str!("../../scenarios/default.toml");

/// The label used for the bundled scenario in messages.
pub const DEFAULT_SCENARIO_LABEL: &str = "<bundled scenarios/default.toml>";

/// Reads and validates a scenario file.
pub fn load(path: &Path) -> Result<CenterSpec, ScenarioError> {
    let text = read_text(path)?;
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("scenario");
    parse(&text, path, stem)
}

/// Reads a scenario file as text: at most [`limits::MAX_SCENARIO_BYTES`]
/// (reading stops there, so a device that never ends is refused too), and
/// UTF-8, with the position of the first byte that is not.
pub fn read_text(path: &Path) -> Result<String, ScenarioError> {
    use std::io::Read;
    let read = |source| ScenarioError::Read {
        file: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read)?;
    let mut bytes = Vec::new();
    file.take(limits::MAX_SCENARIO_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read)?;
    if bytes.len() as u64 > limits::MAX_SCENARIO_BYTES {
        return Err(ScenarioError::TooLarge {
            file: path.to_path_buf(),
            limit: limits::MAX_SCENARIO_BYTES,
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let byte = e.utf8_error().valid_up_to();
        let before = String::from_utf8_lossy(&e.as_bytes()[..byte]).into_owned();
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        ScenarioError::NotUtf8 {
            file: path.to_path_buf(),
            line,
            column,
            byte,
        }
    })
}

/// Parses and validates scenario text; `file` and `default_name` are used for
/// messages and when the text sets no `name`.
pub fn parse(text: &str, file: &Path, default_name: &str) -> Result<CenterSpec, ScenarioError> {
    let de = toml::Deserializer::new(text);
    let raw: raw::RawScenario =
        serde_path_to_error::deserialize(de).map_err(|e| parse_error(e, Some(text), file))?;
    validate::validate(&raw, default_name).map_err(|problems| ScenarioError::Invalid {
        file: file.to_path_buf(),
        problems,
    })
}

/// Parses and validates a scenario already read as a TOML table — for tools
/// that edit the table first (a sweep sets one point's values). Errors carry
/// field paths but no line numbers.
pub fn parse_table(
    table: toml::Table,
    file: &Path,
    default_name: &str,
) -> Result<CenterSpec, ScenarioError> {
    let raw: raw::RawScenario = serde_path_to_error::deserialize(toml::Value::Table(table))
        .map_err(|e| parse_error(e, None, file))?;
    validate::validate(&raw, default_name).map_err(|problems| ScenarioError::Invalid {
        file: file.to_path_buf(),
        problems,
    })
}

/// What is wrong at byte `at` of `text`, for the TOML reader's errors
/// that come without a message (its lexer's).
fn unexplained(at: Option<usize>, text: Option<&str>) -> String {
    let rest = match (at, text) {
        (Some(at), Some(text)) => text.get(at..).unwrap_or(""),
        _ => return "the TOML is not valid here".to_string(),
    };
    match rest.chars().next() {
        None => "the file ends where more was expected (was it cut short?)".to_string(),
        Some('\r') if !rest.starts_with("\r\n") => {
            "a carriage return (\\r) not followed by a line feed".to_string()
        }
        Some(c) if c.is_control() && c != '\n' && c != '\t' => {
            format!(
                "a control character (U+{:04X}) is not allowed here",
                u32::from(c)
            )
        }
        Some(c) => format!("the TOML is not valid at `{c}`"),
    }
}

/// Turns a deserialization error into a [`ScenarioError::Parse`] naming the
/// field path, the line (when the text is known) and a fix.
fn parse_error(
    e: serde_path_to_error::Error<toml::de::Error>,
    text: Option<&str>,
    file: &Path,
) -> ScenarioError {
    let path = e.path().to_string();
    let inner = e.into_inner();
    let mut message = plain_message(inner.message());
    if message.trim().is_empty() {
        message = unexplained(inner.span().map(|s| s.start), text);
    }
    let (line, at_field) = match (inner.span(), text) {
        (Some(s), Some(text)) => (
            Some(text[..s.start.min(text.len())].matches('\n').count() + 1),
            locate::key_path_at(text, s.start),
        ),
        _ => (None, None),
    };
    let location = line.map_or(String::new(), |line| format!(" (line {line})"));
    // The TOML reader's own errors (syntax, a duplicate key, a number too
    // large) come before any field is known: name the field from the text.
    let path = match (path.as_str(), at_field) {
        (".", Some(field)) => field,
        _ => path,
    };
    let hint = if message.contains("unknown field") {
        "remove or correct the field name; the ones allowed here are listed above".to_string()
    } else if message.contains("missing field") {
        "add the field".to_string()
    } else if message.contains("duplicate key") {
        "give the key once in its table (remove or rename the other)".to_string()
    } else if message.contains(TOO_LARGE) {
        format!(
            "write a smaller number: TOML holds whole numbers up to {}",
            i64::MAX
        )
    } else {
        "see README.md, \"Scenario format\", for the expected form".to_string()
    };
    ScenarioError::Parse {
        file: file.to_path_buf(),
        problem: Problem {
            path: if path == "." {
                format!("(top level){location}")
            } else {
                format!("{path}{location}")
            },
            message,
            hint,
            kind: ProblemKind::Input,
        },
    }
}

/// The words [`plain_message`] gives a whole number TOML cannot hold.
const TOO_LARGE: &str = "a whole number too large for TOML";

/// A deserialization message in the scenario's words, not Rust's: serde
/// names the program's types (`expected struct RawProfileQueue`,
/// `expected f64`), which say nothing to someone writing TOML.
fn plain_message(message: &str) -> String {
    let mut out = message.to_string();
    while let Some(i) = out.find("expected struct ") {
        let name_at = i + "expected struct ".len();
        let len = out[name_at..]
            .find(|c: char| !c.is_alphanumeric() && c != '_')
            .unwrap_or(out.len() - name_at);
        out.replace_range(i..name_at + len, "expected a table `{ … }`");
    }
    for (rust, words) in [
        ("expected f64", "expected a number"),
        ("expected f32", "expected a number"),
        ("expected i64", "expected a whole number"),
        ("expected i32", "expected a whole number"),
        ("expected u64", "expected a whole number ≥ 0"),
        ("expected u32", "expected a whole number ≥ 0"),
        ("expected u16", "expected a whole number ≥ 0"),
        ("expected u8", "expected a whole number ≥ 0"),
        ("expected a sequence", "expected an array `[…]`"),
        ("expected a map", "expected a table `{ … }`"),
        ("number too large to fit in target type", TOO_LARGE),
        ("number too small to fit in target type", TOO_LARGE),
    ] {
        out = out.replace(rust, words);
    }
    out
}

/// The bundled default scenario, validated.
pub fn bundled_default() -> Result<CenterSpec, ScenarioError> {
    parse(
        DEFAULT_SCENARIO,
        &PathBuf::from(DEFAULT_SCENARIO_LABEL),
        "default",
    )
}
