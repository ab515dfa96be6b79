//! Stage one: the command line as clap parses it, one struct per command.
//! Nothing here is checked beyond its type; [`super`]'s plans check the
//! rest once the scenario is loaded.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// ccsim — deterministic discrete-event load simulator of an Amazon Connect
/// style contact center.
#[derive(Parser)]
// `--version` names the commit when built in a checkout (`build.rs`).
#[command(name = "ccsim", version = env!("CCSIM_VERSION"), about, long_about = None)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Subcommand)]
pub enum Command {
    /// Run one scenario (all its replications), print the report and write
    /// summary.json, summary.csv and histograms.
    Run(RunArgs),
    /// Run every point of a scenario's [sweep] grid × its replications, in
    /// parallel; write sweep.csv, manifest.json and each point's files.
    /// Re-running the same command resumes where it stopped.
    Sweep(SweepArgs),
    /// Combine the folders of a sweep's shards into exactly the folder a
    /// whole run writes.
    Merge(MergeArgs),
    /// Find the smallest headcount per agent group that meets the
    /// scenario's targets, by simulation, beside Erlang C and Erlang A.
    Staff(StaffArgs),
    /// Check a scenario and explain it, without running it.
    Validate(ValidateArgs),
    /// Estimate a scenario from a center's data (contact records, historical
    /// metrics CSV, roster CSV): writes scenario.toml, calibration.json and
    /// calibration.md.
    Calibrate(CalibrateArgs),
    /// Simulate a scenario over the period it describes and compare it,
    /// queue by queue and interval by interval, with a center's contact
    /// records: writes backtest.csv and backtest.md.
    Backtest(BacktestArgs),
    /// Build shifts with breaks that meet the scenario's targets after
    /// shrinkage, verified by simulation: writes schedule.csv,
    /// coverage.csv, summary.csv, coverage.svg and scenario.toml.
    Schedule(ScheduleArgs),
    /// Print a shell completion script for ccsim (e.g. `ccsim completions
    /// bash > ~/.local/share/bash-completion/completions/ccsim`).
    Completions(CompletionsArgs),
    /// Print the scenario file reference — every field, its type, default,
    /// unit and an example — as Markdown (docs/scenario-reference.md is
    /// this output).
    Schema,
}

/// The arguments of `ccsim completions`.
#[derive(clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// The arguments of `ccsim calibrate`.
#[derive(clap::Args)]
pub struct CalibrateArgs {
    /// Contact records (JSON lines, a JSON array, Firehose objects —
    /// gzip'd or plain — or folders of them), historical metrics CSV
    /// exports, roster CSVs, in any mix.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output folder for scenario.toml, calibration.json, calibration.md.
    #[arg(long)]
    pub out: PathBuf,
    /// Reporting interval of the scenario: any length of a minute or more
    /// that divides the day (e.g. 15m, 30m, 60m, as Connect's reports);
    /// default: a historical-metrics report's own interval when it is
    /// the only input besides a roster, else 30m
    #[arg(long, allow_hyphen_values = true)]
    pub interval: Option<String>,
    /// Service-level thresholds written into the queues (repeat the flag).
    #[arg(long = "sl-threshold", allow_hyphen_values = true, default_values_t = vec!["20s".to_string()])]
    pub sl_thresholds: Vec<String>,
    /// Service-level thresholds of the email contacts of queues that take
    /// email (whole minutes; repeat the flag): emails are answered in
    /// hours, and a queue's voice thresholds say nothing of them.
    #[arg(long = "email-sl-threshold", allow_hyphen_values = true, default_values_t = vec!["4h".to_string(), "24h".to_string()])]
    pub email_sl_thresholds: Vec<String>,
    /// The center's IANA time zone, for weekday and intraday profiles and
    /// CSV times written without an offset.
    #[arg(long, default_value = "UTC")]
    pub time_zone: String,
    /// The scenario's name (default: the output folder's name).
    #[arg(long)]
    pub name: Option<String>,
    /// Replications written into the scenario.
    #[arg(long, allow_hyphen_values = true, default_value_t = 20)]
    pub replications: u32,
    /// Seed written into the scenario.
    #[arg(long, allow_hyphen_values = true, default_value_t = 1, value_parser = seed_parser())]
    pub seed: u64,
    /// No report on stdout.
    #[arg(long)]
    pub quiet: bool,
}

/// The arguments of `ccsim backtest`.
#[derive(clap::Args)]
pub struct BacktestArgs {
    /// The scenario (typically written by `ccsim calibrate`).
    pub scenario: PathBuf,
    /// Contact records of the same period (files or folders, any layout
    /// `calibrate` reads).
    #[arg(required = true)]
    pub data: Vec<PathBuf>,
    /// Output folder (default: results/<scenario name>-backtest/).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Override the scenario's replications (39 or more make a 95 % band).
    #[arg(long, allow_hyphen_values = true)]
    pub replications: Option<u32>,
    /// Service-level threshold the comparison uses.
    #[arg(
        long = "sl-threshold",
        allow_hyphen_values = true,
        default_value = "20s"
    )]
    pub sl_threshold: String,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, allow_hyphen_values = true)]
    pub threads: Option<usize>,
    /// How many of the worst comparisons the report lists.
    #[arg(long, allow_hyphen_values = true, default_value_t = 10)]
    pub worst: usize,
    /// How many contacts each source brings per interval: as the scenario
    /// says (volumes calibrate counted in these records exactly, others a
    /// Poisson count around them), every volume exactly, or every one a
    /// Poisson count.
    #[arg(long, value_enum, default_value_t = ArrivalCountsArg::Scenario)]
    pub arrival_counts: ArrivalCountsArg,
    /// Also write report.html into the output folder: a self-contained
    /// page of charts and tables that opens from disk in any browser.
    #[arg(long)]
    pub report: bool,
    /// No report on stdout.
    #[arg(long)]
    pub quiet: bool,
}

/// `backtest --arrival-counts`' values.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ArrivalCountsArg {
    /// As each source's `arrival_counts` says, `observed` read as exact.
    Scenario,
    /// Every volume exactly.
    Exact,
    /// A Poisson count around every volume.
    Poisson,
}

/// The arguments of `ccsim run`.
#[derive(clap::Args)]
pub struct RunArgs {
    /// Scenario file (TOML). Without it, the bundled default scenario runs.
    pub scenario: Option<PathBuf>,
    /// Override the scenario's seed.
    #[arg(long, allow_hyphen_values = true, value_parser = seed_parser())]
    pub seed: Option<u64>,
    /// Override the scenario's number of replications.
    #[arg(long, allow_hyphen_values = true)]
    pub replications: Option<u32>,
    /// Output folder (default: results/<scenario name>/).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, allow_hyphen_values = true)]
    pub threads: Option<usize>,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
    /// Also stream every contact record (Connect's contact record data
    /// model) to this file — or folder, with `--records-layout firehose`.
    /// A symbolic link is followed (its target replaced, the link kept); a
    /// FIFO or a device such as /dev/stdout is written into once the run
    /// ends.
    #[arg(long, value_name = "PATH")]
    pub contact_records: Option<PathBuf>,
    /// How `--contact-records` are laid out: `jsonl` (one file, a record a
    /// line) or `firehose` (a folder of gzip'd objects under
    /// YYYY/MM/DD/HH/, records concatenated, as Firehose writes to S3).
    #[arg(long, value_enum, default_value_t = RecordsLayoutArg::Jsonl, requires = "contact_records")]
    pub records_layout: RecordsLayoutArg,
    /// Also write report.html into the output folder: a self-contained
    /// page of charts and tables that opens from disk in any browser.
    #[arg(long)]
    pub report: bool,
    /// Lift the soft limit on work (a command estimated beyond a billion
    /// events); the limits that protect memory stay.
    #[arg(long)]
    pub no_limits: bool,
}

/// `--records-layout`'s values.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RecordsLayoutArg {
    /// JSON lines in one file.
    Jsonl,
    /// Firehose's S3 layout: gzip'd objects under YYYY/MM/DD/HH/.
    Firehose,
}

/// The arguments of `ccsim sweep`.
#[derive(clap::Args)]
pub struct SweepArgs {
    /// Scenario file (TOML) with a [sweep] table.
    pub scenario: PathBuf,
    /// Output folder (default: results/<scenario name>-sweep/, or
    /// results/<scenario name>-sweep-shard-K-of-N/ with --shard).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Threads at work at once, simulating or writing points (default: all
    /// cores). Results do not depend on it.
    #[arg(long, allow_hyphen_values = true)]
    pub threads: Option<usize>,
    /// Run only shard K of N (points i with i mod N = K-1); combine the
    /// shard folders with `ccsim merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Override the scenario's seed (for every point).
    #[arg(long, allow_hyphen_values = true, value_parser = seed_parser())]
    pub seed: Option<u64>,
    /// Override the replications per point.
    #[arg(long, allow_hyphen_values = true)]
    pub replications: Option<u32>,
    /// Discard the output folder's earlier sweep files instead of resuming.
    #[arg(long)]
    pub fresh: bool,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
    /// Stop after writing N points, as if interrupted (for testing resume).
    #[arg(long, hide = true)]
    pub stop_after_points: Option<usize>,
    /// Also write report.html into the output folder: a self-contained
    /// page of charts and tables that opens from disk in any browser.
    #[arg(long)]
    pub report: bool,
    /// Lift the soft limit on work (a command estimated beyond a billion
    /// events); the limits that protect memory stay.
    #[arg(long)]
    pub no_limits: bool,
}

/// The arguments of `ccsim merge`.
#[derive(clap::Args)]
pub struct MergeArgs {
    /// Shard output folders.
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// The merged folder.
    #[arg(long)]
    pub out: PathBuf,
    /// Print nothing on success.
    #[arg(long)]
    pub quiet: bool,
}

/// The arguments of `ccsim staff`.
#[derive(clap::Args)]
pub struct StaffArgs {
    /// Scenario file (TOML) with [queues.targets].
    pub scenario: PathBuf,
    /// Targets met by the `mean`, or by the pessimistic end of the 95 %
    /// confidence interval (`lower95`).
    #[arg(long, value_enum, default_value = "mean")]
    pub confidence: ConfidenceArg,
    /// Override the scenario's number of replications.
    #[arg(long, allow_hyphen_values = true)]
    pub replications: Option<u32>,
    /// Override the scenario's seed (every staffing tried uses it: common
    /// random numbers).
    #[arg(long, allow_hyphen_values = true, value_parser = seed_parser())]
    pub seed: Option<u64>,
    /// Output folder for staffing.csv (default: results/<scenario name>-staffing/).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, allow_hyphen_values = true)]
    pub threads: Option<usize>,
    /// No progress messages.
    #[arg(long)]
    pub quiet: bool,
    /// Staff each interval (for arrivals that vary over the day) by the
    /// iterative staffing algorithm, instead of one headcount throughout.
    #[arg(long)]
    pub per_interval: bool,
    /// Also write report.html into the output folder: a self-contained
    /// page of charts and tables that opens from disk in any browser.
    #[arg(long)]
    pub report: bool,
    /// Lift the soft limit on work (a command estimated beyond a billion
    /// events); the limits that protect memory stay.
    #[arg(long)]
    pub no_limits: bool,
}

/// The arguments of `ccsim validate`.
#[derive(clap::Args)]
pub struct ValidateArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
}

/// `--confidence` values.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ConfidenceArg {
    /// The mean over replications meets each target.
    Mean,
    /// The pessimistic end of the 95 % confidence interval meets it.
    Lower95,
}

impl From<ConfidenceArg> for ccsim::staffing::targets::Confidence {
    fn from(arg: ConfidenceArg) -> Self {
        match arg {
            ConfidenceArg::Mean => Self::Mean,
            ConfidenceArg::Lower95 => Self::Lower95,
        }
    }
}

/// The arguments of `ccsim schedule`.
#[derive(clap::Args)]
pub struct ScheduleArgs {
    /// Scenario file (TOML) with [queues.targets] and [[shift_templates]].
    pub scenario: PathBuf,
    /// What the integer program minimises: `paid-hours` subject to
    /// coverage of every interval, or `coverage` (|under| + |over| summed
    /// over intervals, paid hours breaking ties).
    #[arg(long, value_enum, default_value = "paid-hours")]
    pub objective: ObjectiveArg,
    /// Targets met by the `mean`, or by the pessimistic end of the 95 %
    /// confidence interval (`lower95`).
    #[arg(long, value_enum, default_value = "mean")]
    pub confidence: ConfidenceArg,
    /// Most solve-and-simulate rounds before the schedule is reported as
    /// it is, with what it misses.
    #[arg(long, allow_hyphen_values = true, default_value_t = 12)]
    pub max_iterations: usize,
    /// Override the scenario's number of replications.
    #[arg(long, allow_hyphen_values = true)]
    pub replications: Option<u32>,
    /// Override the scenario's seed.
    #[arg(long, allow_hyphen_values = true, value_parser = seed_parser())]
    pub seed: Option<u64>,
    /// Output folder (default: results/<scenario name>/schedule/).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, allow_hyphen_values = true)]
    pub threads: Option<usize>,
    /// Also write report.html into the output folder: a self-contained
    /// page of charts and tables that opens from disk in any browser.
    #[arg(long)]
    pub report: bool,
    /// No progress messages.
    #[arg(long)]
    pub quiet: bool,
    /// Lift the soft limit on work (a command estimated beyond a billion
    /// events); the limits that protect memory stay.
    #[arg(long)]
    pub no_limits: bool,
}

/// `--objective` values.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ObjectiveArg {
    /// Fewest paid hours with every interval covered.
    PaidHours,
    /// Least absolute under- and over-coverage.
    Coverage,
}

/// A seed, as a scenario file can hold it: a TOML integer, so at most
/// 2^63 − 1 (a larger one would be written into a scenario no reader loads).
fn seed_parser() -> clap::builder::RangedU64ValueParser {
    clap::value_parser!(u64).range(..=i64::MAX as u64)
}
