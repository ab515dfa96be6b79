//! What the command line checks before any work starts, beyond the
//! scenario's own limits (`ccsim::scenario::limits`): how much work a
//! command would do (refused past [`WORK_LIMIT_EVENTS`] unless
//! `--no-limits`), the memory of the worker threads asked for (fewer
//! threads when more would not fit), a `--threads` beyond reason (capped),
//! an absurd overload (a warning), and that the output folder and the
//! contact-records file can be written — so that nothing is simulated for
//! results that could not be kept.

use std::path::{Path, PathBuf};

use ccsim::exec;
use ccsim::output::{OutputError, Staging};
use ccsim::scenario::limits::{MEMORY_BUDGET, OUTPUT_LIMIT_BYTES, WORK_LIMIT_EVENTS};
use ccsim::scenario::{Problem, ProblemKind, ScenarioError};
use ccsim::stats::work::EVENTS_PER_SECOND_PER_THREAD;
use ccsim::stats::work::{human_bytes, human_count, human_seconds, WorkEstimate};

use super::out::note;
use super::usage::UsageError;

/// The work a command is about to do.
pub struct Work<'a> {
    /// The scenario file (for messages).
    pub file: &'a Path,
    /// The estimate of one point: the scenario (a sweep: its costliest
    /// point).
    pub estimate: WorkEstimate,
    /// Events of the whole command: every point it runs.
    pub total_events: f64,
    /// Points run (1 but for a sweep).
    pub points: usize,
    /// Where the replications were set, to name in a refusal:
    /// `simulation.replications`, `sweep.replications` or `--replications`.
    pub replications_from: &'static str,
    /// What the work is, for messages: "this run", "this sweep", "each
    /// staffing tried".
    pub what: &'static str,
    /// The command searches the headcounts (`staff`, `schedule`): the
    /// scenario's own are not what runs, so their overload is not warned
    /// of, and the results of the staffings it tries are not written.
    pub headcount_searched: bool,
    /// Bytes of the result files of every point run (each point's own
    /// estimate, summed: the costliest point is not the largest writer).
    pub result_bytes: u64,
    /// Bytes of each contact record written (0: none written).
    pub record_bytes: u64,
}

/// The command-line flags the checks honour.
#[derive(Debug, Clone, Copy)]
pub struct Flags {
    /// `--threads`.
    pub threads: Option<usize>,
    /// `--no-limits`: lift the soft limit on work.
    pub no_limits: bool,
    /// `--quiet`: no estimate printed (warnings still are).
    pub quiet: bool,
}

/// Checks a command that simulates `spec` once per candidate it tries
/// (`staff`'s staffings, `schedule`'s schedules): each simulation is held
/// to the limit of one run; `replications_given` says whether
/// `--replications` set them. Returns the worker threads, as [`check`].
pub fn check_each_run(
    spec: &ccsim::center::spec::CenterSpec,
    file: &Path,
    replications_given: bool,
    what: &'static str,
    flags: Flags,
) -> anyhow::Result<Option<usize>> {
    let estimate = WorkEstimate::of(spec);
    let work = Work {
        file,
        total_events: estimate.total_events(),
        estimate,
        points: 1,
        replications_from: if replications_given {
            "--replications"
        } else {
            "simulation.replications"
        },
        what,
        headcount_searched: true,
        result_bytes: 0,
        record_bytes: 0,
    };
    check(&work, flags)
}

/// Checks `work` against the limits and returns the threads to run on
/// (`flags.threads`, or fewer when more would not fit in memory).
pub fn check(work: &Work, flags: Flags) -> anyhow::Result<Option<usize>> {
    let est = &work.estimate;
    if let Some(t) = flags.threads.filter(|&t| t > exec::max_workers()) {
        note(&format!(
            "note: --threads {t} is more than {} × the {} cores; using {}",
            exec::MAX_THREADS_PER_CORE,
            exec::cores(),
            exec::max_workers()
        ));
    }
    let asked = exec::worker_count(flags.threads);
    let mut workers = asked;
    while workers > 1 && est.peak_bytes(workers, work.points) > MEMORY_BUDGET {
        workers -= 1;
    }
    if est.peak_bytes(workers, work.points) > MEMORY_BUDGET {
        return Err(refusal(
            ProblemKind::BeyondMemory,
            work.file,
            "sweep.axes",
            format!(
                "{} points would need about {} of memory at once, beyond the limit of {}",
                human_count(work.points as f64),
                human_bytes(est.peak_bytes(1, work.points)),
                human_bytes(MEMORY_BUDGET)
            ),
            "lighter points (fewer queues or intervals), or split the sweep".into(),
        ));
    }
    if workers < asked {
        note(&format!(
            "note: using {workers} threads, not {asked}: each needs about {} and {} would pass the memory limit of {}",
            human_bytes(est.per_worker_bytes()),
            workers + 1,
            human_bytes(MEMORY_BUDGET)
        ));
    }
    let seconds = work.total_events / (EVENTS_PER_SECOND_PER_THREAD * workers as f64);
    if work.total_events > WORK_LIMIT_EVENTS && !flags.no_limits {
        return Err(too_much_work(work, seconds, workers));
    }
    if !work.headcount_searched && !flags.no_limits {
        too_much_output(work)?;
    }
    if let Some(w) = est.overload_warning().filter(|_| !work.headcount_searched) {
        note(&format!("warning: {w}"));
    }
    if !flags.quiet && seconds > 10.0 {
        note(&format!(
            "estimate: {} events for {}, about {} on {workers} thread{}",
            human_count(work.total_events),
            work.what,
            human_seconds(seconds),
            if workers == 1 { "" } else { "s" }
        ));
    }
    Ok(if workers < asked {
        Some(workers)
    } else {
        flags.threads
    })
}

/// The refusal of work beyond [`WORK_LIMIT_EVENTS`], naming what to change.
fn too_much_work(work: &Work, seconds: f64, workers: usize) -> anyhow::Error {
    let est = &work.estimate;
    let path = if work.points > 1000 {
        "sweep.axes"
    } else if est.replications > 1000 {
        work.replications_from
    } else {
        "simulation.horizon"
    };
    refusal(
        ProblemKind::Input,
        work.file,
        path,
        format!(
            "{} would simulate about {} contacts ({} events), about {} on {workers} thread{}; the limit without --no-limits is {} events",
            work.what,
            human_count(est.total_contacts() * work.points as f64),
            human_count(work.total_events),
            human_seconds(seconds),
            if workers == 1 { "" } else { "s" },
            human_count(WORK_LIMIT_EVENTS)
        ),
        "a shorter horizon, fewer replications or points — or pass --no-limits if you mean it".into(),
    )
}

/// The refusal of output beyond [`OUTPUT_LIMIT_BYTES`], naming what to
/// change: the records when they are most of it, else the intervals (or
/// the grid).
fn too_much_output(work: &Work) -> anyhow::Result<()> {
    let est = &work.estimate;
    let results = work.result_bytes;
    let records = est.records_bytes(work.record_bytes);
    let total = results.saturating_add(records);
    if total <= OUTPUT_LIMIT_BYTES {
        return Ok(());
    }
    let (path, what, fix) = if records >= results {
        (
            work.replications_from,
            format!(
                "the contact records of about {} contacts",
                human_count(est.total_contacts())
            ),
            "fewer replications (--replications 1 is a day's records) or a shorter horizon, --records-layout firehose (gzipped, about a twelfth of the size), or --no-limits if you mean it",
        )
    } else if work.points > 1 {
        (
            "sweep.axes",
            format!(
                "{} points' result files, about {} each",
                human_count(work.points as f64),
                human_bytes(results / work.points as u64)
            ),
            "fewer points, longer intervals (simulation.interval) or a shorter horizon — or pass --no-limits if you mean it",
        )
    } else {
        (
            "simulation.interval",
            format!(
                "result files of {} intervals",
                human_count(est.intervals as f64)
            ),
            "longer intervals or a shorter horizon — or pass --no-limits if you mean it",
        )
    };
    Err(refusal(
        ProblemKind::Input,
        work.file,
        path,
        format!(
            "{} would write about {}: {what}; the limit without --no-limits is {}",
            work.what,
            human_bytes(total),
            human_bytes(OUTPUT_LIMIT_BYTES)
        ),
        fix.into(),
    ))
}

/// A refusal in the scenario's terms: exit code 2, the file, the field
/// path and the fix.
fn refusal(
    kind: ProblemKind,
    file: &Path,
    path: &str,
    message: String,
    hint: String,
) -> anyhow::Error {
    ScenarioError::Invalid {
        file: file.to_path_buf(),
        problems: vec![Problem {
            path: path.into(),
            message,
            hint,
            kind,
        }],
    }
    .into()
}

/// `--replications n` checked against the scenario's limit.
pub fn check_replications(n: Option<u32>) -> Result<(), UsageError> {
    match n
        .and_then(|n| ccsim::scenario::limits::replications_problem(i64::from(n), "--replications"))
    {
        Some(p) => Err(UsageError(format!("{p}"))),
        None => Ok(()),
    }
}

/// `--confidence lower95` needs a confidence interval, which one
/// replication does not give: judged by it, every target would be judged
/// by its mean alone, unsaid.
pub fn check_confidence(
    confidence: ccsim::staffing::targets::Confidence,
    replications: u32,
    file: &Path,
) -> Result<(), UsageError> {
    if confidence == ccsim::staffing::targets::Confidence::Lower95 && replications < 2 {
        return Err(UsageError(format!(
            "{}: --confidence lower95 judges each target by its 95 % confidence interval, which {replications} replication cannot give\n    fix: --replications 10 (or more), or --confidence mean",
            file.display()
        )));
    }
    Ok(())
}

/// `path` as the file system names it (links followed), if it exists.
fn real(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

/// The first of `inputs` that lies in the folder `out` (or is it), if
/// any: a Firehose records folder put in place of `out` would remove it.
fn input_inside<'a>(out: &Path, inputs: &[&'a Path]) -> Option<&'a Path> {
    let out = real(out)?;
    inputs
        .iter()
        .copied()
        .find(|i| real(i).is_some_and(|i| i.starts_with(&out)))
}

/// The output folder, staged before any work: a folder (or nothing yet)
/// in a writable place. An input of the command inside it (`inputs`) is
/// kept: its entry of the folder moves into the new one even if an
/// earlier ccsim command wrote it (a fuzz find: `run cal/scenario.toml
/// --out cal` deleted the scenario calibrate had written there, hand
/// edits and all). Refused when the results would replace it — the
/// folder is the input, or the entry is one of the names the command
/// `writes` (`schedule b/scenario.toml --out b`).
pub fn stage(out: &Path, inputs: &[&Path], writes: &[&str]) -> anyhow::Result<Staging> {
    let mut keep = Vec::new();
    if let Some(real_out) = real(out).filter(|o| o.is_dir()) {
        for input in inputs {
            let Some(rel) =
                real(input).and_then(|i| i.strip_prefix(&real_out).ok().map(Path::to_path_buf))
            else {
                continue;
            };
            let entry = rel
                .components()
                .next()
                .map(|c| c.as_os_str().to_os_string());
            match entry {
                Some(e) if !writes.iter().any(|w| e == *w) => keep.push(e),
                _ => {
                    return Err(UsageError(format!(
                        "--out {}: the results would replace {}, which this command reads\n    fix: give another --out, e.g. {}",
                        out.display(),
                        input.display(),
                        sibling_suggestion(out)
                    ))
                    .into())
                }
            }
        }
    }
    let mut staging = Staging::prepare(out).map_err(|e| match e {
        e @ OutputError::NotAFolder { .. } => anyhow::Error::from(UsageError(e.to_string())),
        e => {
            anyhow::Error::new(e).context(format!("preparing the output folder {}", out.display()))
        }
    })?;
    for e in keep {
        staging.protect(e);
    }
    Ok(staging)
}

/// A folder beside `out` to suggest instead of it: `<out>-results`.
fn sibling_suggestion(out: &Path) -> String {
    let name = out
        .file_name()
        .map_or("results".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!("{name}-results"))
        .display()
        .to_string()
}

/// Checks, before any work, that the contact-records file can be written
/// where it is asked for: its folder exists (or is made) and takes a file,
/// the path is not a folder, and it is none of the command's `inputs`. A
/// Firehose folder (`folder`) is replaced whole, so it must be new, empty
/// or one ccsim's records wrote, and hold no input.
pub fn probe_records(path: &Path, folder: bool, inputs: &[&Path]) -> anyhow::Result<()> {
    let clash = if folder {
        input_inside(path, inputs)
    } else {
        let target = real(path);
        inputs
            .iter()
            .copied()
            .find(|i| target.is_some() && real(i) == target)
    };
    if let Some(input) = clash {
        return Err(UsageError(format!(
            "--contact-records {}: the records would replace {}, which this command reads\n    fix: give another path, e.g. {}",
            path.display(),
            input.display(),
            if folder { "results/records" } else { "results/records.jsonl" }
        ))
        .into());
    }
    if folder {
        foreign_entry_refused(path)?;
    }
    // Where the records really go (see `ccsim::output::links`); a special
    // file first, as `RecordFiles` decides it.
    if ccsim::output::links::is_special(path) {
        if folder {
            return Err(UsageError(format!(
                "--contact-records {} is not a folder, and --records-layout firehose writes a folder\n    fix: give a folder, e.g. --contact-records results/records",
                path.display()
            ))
            .into());
        }
        // A FIFO or a device: written into at the end. (Opening a FIFO
        // now would wait for its reader.)
        return Ok(());
    }
    let resolved = ccsim::output::links::follow(path).unwrap_or_else(|_| path.to_path_buf());
    let path = resolved.as_path();
    if path.is_dir() && !folder {
        return Err(UsageError(format!(
            "--contact-records {} is a folder\n    fix: give a file, e.g. --contact-records results/records.jsonl, or add --records-layout firehose to write a Firehose folder there",
            path.display()
        ))
        .into());
    }
    if path.is_file() && folder {
        return Err(UsageError(format!(
            "--contact-records {} is a file, and --records-layout firehose writes a folder\n    fix: give a folder, e.g. --contact-records results/records",
            path.display()
        ))
        .into());
    }
    let dir: PathBuf = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let probe = dir.join(format!(".ccsim-probe-{}", std::process::id()));
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&probe, b""))
        .map_err(|e| {
            anyhow::Error::new(e).context(format!(
                "cannot write contact records in {}\n    fix: check that the folder is writable, or choose another file",
                dir.display()
            ))
        })?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// Refuses a Firehose records folder that holds anything ccsim's records
/// did not write: the folder is replaced whole (a fuzz find: pointed at a
/// working folder, the run deleted everything in it, exit 0).
fn foreign_entry_refused(path: &Path) -> anyhow::Result<()> {
    let Ok(entries) = std::fs::read_dir(path) else {
        // Not there yet (or not a folder: checked below).
        return Ok(());
    };
    let names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if names.is_empty() || names.iter().any(|n| n == ccsim::output::firehose::MARKER) {
        return Ok(());
    }
    let mut names = names;
    names.sort();
    Err(UsageError(format!(
        "--contact-records {}: the folder holds files ccsim's records did not write (such as {}), and --records-layout firehose replaces the folder whole\n    fix: give a new or empty folder, e.g. results/records",
        path.display(),
        names[0]
    ))
    .into())
}
