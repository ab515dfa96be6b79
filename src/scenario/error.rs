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
    /// The file could not be read (missing, unreadable, not UTF-8).
    #[error("cannot read scenario {file}: {source}\n    fix: check the path; `ccsim run` with no argument runs the bundled scenario")]
    Read {
        /// The file.
        file: PathBuf,
        /// The I/O error.
        source: std::io::Error,
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
            ScenarioError::Read { .. } => Vec::new(),
            ScenarioError::Parse { problem, .. } => vec![problem],
            ScenarioError::Invalid { problems, .. } => problems.iter().collect(),
        }
    }
}
