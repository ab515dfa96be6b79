//! The `ccsim` command line, thin: parse the arguments, let [`cli`] turn
//! them into a checked plan and run it on the library, and map errors to
//! exit codes (0 success, 2 a scenario or usage problem, 1 anything else).

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::args::Cli::parse();
    match cli::run_command(args.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(cli::exit_code(&e))
        }
    }
}
