//! Where one replication's contact records wait until the run ends, and
//! cleaning up the parts a killed run left behind.
//!
//! A replication streams its records to a part beside the target, or, for
//! a FIFO or device target, in the temporary folder; either way named for
//! the target and the process (`.ccsim-PID-NAME.repNNNNNN.tmp`), so two
//! runs writing one target at once never share a part. A run that ends
//! removes its own parts; one killed by a signal cannot. The next run to
//! the same target removes the parts of processes that no longer exist —
//! all their replications, which may be more than its own — and the
//! unnamed parts (`.NAME.repNNNNNN.tmp`) of versions before the process
//! was named.

use std::path::{Path, PathBuf};

/// The part holding replication `replication`'s records for a target named
/// `name`, tagged with this process: beside it in `dir`, or in the
/// temporary folder when `direct` (a special file's folder, `/dev`, is no
/// place for it).
pub fn part_path(dir: &Path, name: &str, replication: u32, direct: bool) -> PathBuf {
    let file = format!(
        ".ccsim-{}-{name}.rep{replication:06}.tmp",
        std::process::id()
    );
    if direct {
        return std::env::temp_dir().join(file);
    }
    dir.join(file)
}

/// Whether `file` is `PREFIX.repNNNNNN.tmp` (six digits or more: the width
/// grows past a million replications).
fn is_part(file: &str, prefix: &str) -> bool {
    file.strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix(".rep"))
        .and_then(|rest| rest.strip_suffix(".tmp"))
        .is_some_and(|digits| digits.len() >= 6 && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// The process that wrote a part `file` for target `name`, if it is one.
fn part_owner(file: &str, name: &str) -> Option<u32> {
    let rest = file.strip_prefix(".ccsim-")?;
    let (pid, rest) = rest.split_once('-')?;
    let pid: u32 = pid.parse().ok()?;
    is_part(rest, name).then_some(pid)
}

/// Whether process `pid` exists. Only answered where `/proc` tells it;
/// elsewhere every process is taken to be alive, and what it left is kept.
pub fn alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

/// Removes the parts left for a target named `name` by runs that did not
/// end — those of processes that are gone — in `dir` (files, or a Firehose
/// layout's folders, with the unnamed parts of earlier versions), or, when
/// `direct`, in the temporary folder. A run writing the same target at the
/// same time keeps its parts. Best effort: what cannot be read or removed
/// is left, and the run goes on.
pub fn clear_stale_parts(dir: &Path, name: &str, direct: bool) {
    let own = std::process::id();
    let folder = if direct {
        std::env::temp_dir()
    } else {
        dir.to_path_buf()
    };
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return;
    };
    let prefix = format!(".{name}");
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(file) = file.to_str() else {
            continue;
        };
        let stale = part_owner(file, name).is_some_and(|pid| pid != own && !alive(pid))
            || (!direct && is_part(file, &prefix));
        if !stale {
            continue;
        }
        let path = entry.path();
        // Not followed: a link of that name is removed, not what it leads to.
        let _ = match entry.file_type() {
            Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path),
            _ => std::fs::remove_file(&path),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(path: &Path) {
        std::fs::write(path, b"{}\n").unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn names_are_recognised_exactly() {
        assert!(is_part(".r.jsonl.rep000003.tmp", ".r.jsonl"));
        assert!(is_part(".r.jsonl.rep1000000.tmp", ".r.jsonl"));
        assert!(!is_part(".r.jsonl.rep00003.tmp", ".r.jsonl"));
        assert!(!is_part(".r.jsonl.rep00000x.tmp", ".r.jsonl"));
        assert!(!is_part(".r.jsonl.rep000003.tmp-12", ".r.jsonl"));
        assert!(!is_part(".other.jsonl.rep000003.tmp", ".r.jsonl"));
        assert_eq!(
            part_owner(".ccsim-42-stdout.rep000000.tmp", "stdout"),
            Some(42)
        );
        assert_eq!(part_owner(".ccsim-42-null.rep000000.tmp", "stdout"), None);
        assert_eq!(part_owner(".ccsim-x-stdout.rep000000.tmp", "stdout"), None);
    }

    #[test]
    fn a_killed_runs_parts_go_and_a_live_runs_stay() {
        if !Path::new("/proc/self").exists() {
            return;
        }
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dir = tmp.path();
        // Parts of a killed run (pid 2^32-1 exceeds any pid_max) with more
        // replications than the next one, one of them a Firehose folder,
        // and an earlier version's unnamed parts.
        for r in [0, 7] {
            touch(&dir.join(format!(".ccsim-4294967295-r.jsonl.rep00000{r}.tmp")));
        }
        std::fs::create_dir(dir.join(".ccsim-4294967295-r.jsonl.rep000009.tmp"))
            .unwrap_or_else(|e| panic!("{e}"));
        touch(&dir.join(".r.jsonl.rep000003.tmp"));
        // What is not a part of this target, or is a live run's (pid 1, or
        // this process's), stays.
        let own = part_path(dir, "r.jsonl", 0, false);
        let own = own.file_name().map(|n| n.to_string_lossy().into_owned());
        let own = own.unwrap_or_default();
        let kept = [
            "r.jsonl",
            ".r.jsonl.tmp-77",
            ".other.jsonl.rep000000.tmp",
            ".ccsim-4294967295-other.jsonl.rep000000.tmp",
            ".r.jsonl.rep0.tmp",
            ".ccsim-1-r.jsonl.rep000000.tmp",
            own.as_str(),
            "notes.txt",
        ];
        for k in kept {
            touch(&dir.join(k));
        }
        clear_stale_parts(dir, "r.jsonl", false);
        let mut left: Vec<String> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{e}"))
            .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{e}"));
        left.sort();
        let mut expected: Vec<String> = kept.iter().map(|s| s.to_string()).collect();
        expected.sort();
        assert_eq!(left, expected);
    }

    #[test]
    fn direct_parts_of_gone_processes_go_and_live_ones_stay() {
        if !Path::new("/proc/self").exists() {
            return;
        }
        // A name no other test or run uses; pid 2^32-1 exceeds any pid_max.
        let name = format!("stale-test-{}", std::process::id());
        let temp = std::env::temp_dir();
        let gone = temp.join(format!(".ccsim-4294967295-{name}.rep000000.tmp"));
        let live = part_path(&temp, &name, 0, true);
        let parent = temp.join(format!(".ccsim-1-{name}.rep000000.tmp"));
        for p in [&gone, &live, &parent] {
            touch(p);
        }
        clear_stale_parts(Path::new("/dev"), &name, true);
        let exists = [gone.exists(), live.exists(), parent.exists()];
        for p in [&gone, &live, &parent] {
            let _ = std::fs::remove_file(p);
        }
        // Ours is this run's own; pid 1 is alive.
        assert_eq!(exists, [false, true, true]);
    }
}
