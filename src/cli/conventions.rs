//! `ccsim completions <shell>` (a completion script from the command line's
//! own definition, by clap_complete) and `ccsim schema` (the scenario file
//! reference, generated from the parser: `docs/scenario-reference.md`).

use clap::CommandFactory;

use super::args::Cli;
use super::out;

/// Prints the completion script for `shell` on stdout.
pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "ccsim", &mut script);
    out::print(&String::from_utf8_lossy(&script))
}

/// Prints the scenario file reference as Markdown on stdout.
pub fn schema() -> anyhow::Result<()> {
    out::print(&ccsim::scenario::reference::markdown())
}
