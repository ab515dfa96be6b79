//! Errors of the scenario stage: the file could not be read, is not valid
//! TOML / does not match the schema, or describes an impossible center. Every
//! one names the file and the field path, says what is wrong and how to fix it.

use std::fmt;
use std::path::PathBuf;

/// One problem found in a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Where: a field path such as `queues[1].capacity`.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// What would be right.
    pub hint: String,
    /// What kind of problem it is, for callers that act on the kind (a
    /// calibration widens intervals for some, and reports a center too
    /// large for memory as such).
    pub kind: ProblemKind,
}

/// What kind of [`Problem`] a scenario has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// The input is wrong: a value, a name, a reference.
    Input,
    /// The input is valid, but a run would need more memory than a run
    /// may take (`scenario::limits`).
    BeyondMemory,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)?;
        if !self.hint.is_empty() {
            write!(f, "\n    fix: {}", self.hint)?;
        }
        Ok(())
    }
}

/// A scenario could not be loaded. All variants are fatal for the command
/// that loads the scenario; the CLI exits with code 2. Non-exhaustive: a
/// later stage may add a way to fail.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScenarioError {
    /// The file could not be read (missing, unreadable).
    #[error("cannot read scenario {file}: {source}\n    fix: check the path; `ccsim run` with no argument runs the bundled scenario")]
    Read {
        /// The file.
        file: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is larger than any scenario (a wrong path, or a device
    /// such as `/dev/zero`): reading stopped at the limit.
    #[error("{file}: larger than {limit} bytes, the limit for a scenario file\n    fix: check the path: a scenario is a TOML file of a few kilobytes (arrival times of a replayed day: a few megabytes)")]
    TooLarge {
        /// The file.
        file: PathBuf,
        /// The limit, bytes.
        limit: u64,
    },
    /// The file is not UTF-8 text.
    #[error("{file}: line {line}, column {column}: not UTF-8 text (byte {byte} of the file)\n    fix: save the file as UTF-8 (TOML files are UTF-8); check that the path names the scenario and not a binary file")]
    NotUtf8 {
        /// The file.
        file: PathBuf,
        /// Line of the first invalid byte, from 1.
        line: usize,
        /// Column (characters before it on its line, plus one).
        column: usize,
        /// Offset of the first invalid byte, from 0.
        byte: usize,
    },
    /// Not valid TOML, or a field of the wrong type / unknown name.
    #[error("{file}: {problem}")]
    Parse {
        /// The file.
        file: PathBuf,
        /// The problem (the path is where parsing stopped).
        problem: Problem,
    },
    /// Parsed, but the center it describes is inconsistent; every problem
    /// found is listed.
    #[error("{file}: {} problem{}:\n{}", problems.len(), if problems.len() == 1 { "" } else { "s" }, list(problems))]
    Invalid {
        /// The file.
        file: PathBuf,
        /// Every problem, in file order.
        problems: Vec<Problem>,
    },
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl ScenarioError {
    /// The problems this error lists (empty for a read error).
    pub fn problems(&self) -> Vec<&Problem> {
        match self {
            ScenarioError::Read { .. }
            | ScenarioError::TooLarge { .. }
            | ScenarioError::NotUtf8 { .. } => Vec::new(),
            ScenarioError::Parse { problem, .. } => vec![problem],
            ScenarioError::Invalid { problems, .. } => problems.iter().collect(),
        }
    }
}
