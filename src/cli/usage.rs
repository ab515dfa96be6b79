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

/// A duration given on the command line (`20s`, `30m`, `1h`), in seconds.
pub fn parse_duration_arg(flag: &str, text: &str) -> Result<f64, UsageError> {
    match ccsim::scenario::duration::parse_duration(text) {
        Ok(s) if s.is_finite() && s > 0.0 => Ok(s),
        Ok(_) => Err(UsageError(format!(
            "{flag} {text}: must be longer than zero"
        ))),
        Err(e) => Err(UsageError(format!(
            "{flag} {text}: {e} (write e.g. 20s, 30m, 1h)"
        ))),
    }
}
