//! The commands of the `ccsim` binary, in two stages as in ripgrep: the
//! arguments as clap parsed them ([`args`]) become a checked *plan* once
//! everything is known — the scenario loaded and validated, overrides
//! applied, the output folder chosen — and the plan calls the library.
//! Everything a command needs is checked before any work starts; errors are
//! the library's typed errors (or a [`UsageError`]), wrapped with `anyhow`
//! only here, at the edge.
//!
//! - [`run`]: `ccsim run`;
//! - [`sweep`]: `ccsim sweep` and `ccsim merge`;
//! - [`staff`]: `ccsim staff` (with `--per-interval`);
//! - [`validate`]: `ccsim validate`;
//! - [`schedule`]: `ccsim schedule`;
//! - [`calibrate`], [`backtest`]: `ccsim calibrate` and `ccsim backtest`;
//! - [`conventions`]: `ccsim completions` and `ccsim schema`;
//! - [`progress`]: the progress bars on stderr;
//! - [`usage`]: command-line values that make no sense;
//! - [`limits`]: the work, memory, threads and folders checked before any
//!   work starts (`--no-limits`);
//! - [`out`]: stdout and stderr without panicking when they are closed.
//!
//! A new command is a variant in [`args::Command`] with its argument
//! struct, a file here with its plan, and an arm in [`run_command`].

pub mod args;
pub mod backtest;
pub mod calibrate;
pub mod conventions;
pub mod limits;
pub mod out;
pub mod progress;
pub mod run;
pub mod schedule;
pub mod staff;
pub mod sweep;
pub mod usage;
pub mod validate;

use ccsim::calibrate::from_metrics::MetricsCalibrationError;
use ccsim::calibrate::pipeline::CalibrateError;
use ccsim::ingest::IngestError;
use ccsim::scenario::ScenarioError;
use ccsim::sweep::SweepError;

use args::Command;
use usage::UsageError;

/// Plans and runs `command`. A reader that closed stdout early (`| head`)
/// is not a failure: the command ends quietly.
pub fn run_command(command: Command) -> anyhow::Result<()> {
    let result = match command {
        Command::Run(a) => run::RunPlan::new(a)?.execute(),
        Command::Sweep(a) => sweep::SweepPlan::new(a)?.execute(),
        Command::Merge(a) => sweep::merge(&a),
        Command::Staff(a) => staff::StaffPlan::new(a)?.execute(),
        Command::Validate(a) => validate::validate(&a.scenario),
        Command::Calibrate(a) => calibrate::calibrate(&a),
        Command::Backtest(a) => backtest::backtest(&a),
        Command::Completions(a) => conventions::completions(a.shell),
        Command::Schema => conventions::schema(),
        Command::Schedule(a) => schedule::SchedulePlan::new(a)?.execute(),
    };
    match result {
        Err(e) if out::is_closed_stdout(&e) => Ok(()),
        other => other,
    }
}

/// The exit code for a failed command: 2 for a problem the user can fix
/// in the scenario or on the command line, 1 for anything else.
pub fn exit_code(e: &anyhow::Error) -> u8 {
    if e.downcast_ref::<ScenarioError>().is_some()
        || e.downcast_ref::<UsageError>().is_some()
        || e.downcast_ref::<SweepError>().is_some_and(|s| s.is_usage())
        || e.downcast_ref::<IngestError>().is_some()
        || e.downcast_ref::<MetricsCalibrationError>().is_some()
        || e.downcast_ref::<CalibrateError>().is_some()
    {
        2
    } else {
        1
    }
}
