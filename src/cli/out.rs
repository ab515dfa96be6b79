//! Writing to the terminal without panicking: `print!` panics when stdout
//! is closed (`ccsim validate F | head -1`), `eprintln!` when stderr is.
//! Results go through [`print`], which turns a closed stdout into
//! [`StdoutClosed`] — the command then ends quietly with success, as the
//! reader has all it wanted; notes go through [`note`], which drops what a
//! closed stderr cannot take.

use std::io::Write;

/// Stdout was closed by its reader before everything was written: not a
/// failure of the command (exit code 0, no message).
#[derive(Debug, thiserror::Error)]
#[error("stdout closed by its reader")]
pub struct StdoutClosed;

/// Writes `text` to stdout; a closed pipe becomes [`StdoutClosed`].
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(StdoutClosed.into()),
        Err(e) => Err(anyhow::Error::new(e).context("writing to stdout")),
    }
}

/// Writes `text` and a newline to stderr, ignoring a closed stderr.
pub fn note(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}");
}

/// Whether `e` is a closed stdout (see [`StdoutClosed`]).
pub fn is_closed_stdout(e: &anyhow::Error) -> bool {
    e.downcast_ref::<StdoutClosed>().is_some()
}
