//! Command-line values that make no sense: exit code 2, like a scenario
//! error.

/// A command-line value that makes no sense (exit code 2, like a scenario
/// error).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// `--replications` and `--threads` must be at least 1 when given.
pub fn check_counts(replications: Option<u32>, threads: Option<usize>) -> Result<(), UsageError> {
    if replications == Some(0) {
        return Err(UsageError("--replications must be at least 1".into()));
    }
    if threads == Some(0) {
        return Err(UsageError("--threads must be at least 1".into()));
    }
    Ok(())
}
