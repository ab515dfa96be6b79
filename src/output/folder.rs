//! A results folder written all or nothing. Every file of a run goes into a
//! temporary sibling folder (`.<name>.tmp-<pid>` beside `<name>`); once
//! all are written, the old folder is moved aside, the new one renamed into
//! its place, anything the old one held that the run does not write (a
//! contact-records file, the user's notes) moved into the new one, and only
//! then is the old one removed. What an earlier run wrote and this one did
//! not (the `report.html` of a run with `--report`, a plot of a target
//! since removed) is not carried over: each folder lists its run's own
//! entries in [`OUTPUTS`], and those are dropped, so no file in the folder
//! describes another run than its summary does. A failed write (a full disk) leaves the old
//! folder exactly as it was, never new summaries beside old histograms.
//!
//! [`Staging::prepare`] runs before the simulation: it creates the
//! temporary folder, which proves the place writable before any work is
//! spent. A staging that is dropped without [`Staging::commit`] removes its
//! temporary folder.
//!
//! The swap is two renames; a crash between them (a power cut in that
//! instant) leaves the new results in `.<name>.tmp-<pid>` and the old ones
//! in `.<name>.old-<pid>`, both beside where `<name>` was.

use std::fs;
use std::path::{Path, PathBuf};

use super::OutputError;

/// The file in a results folder naming the entries its run wrote, one per
/// line.
pub const OUTPUTS: &str = ".ccsim-outputs";

/// A results folder being built beside its final place.
#[derive(Debug)]
pub struct Staging {
    /// Where the folder goes.
    target: PathBuf,
    /// Where it is built.
    tmp: PathBuf,
    /// Set once the folder is in place (nothing left to clean up).
    committed: bool,
    /// Entries of the old folder that hold the command's inputs: carried
    /// over even when an earlier run wrote them, and never replaced.
    protected: Vec<std::ffi::OsString>,
}

/// An I/O error about `path`.
fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// `target`'s parent folder and its own name.
fn split(target: &Path) -> Result<(PathBuf, String), OutputError> {
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| !n.is_empty())
        .ok_or_else(|| OutputError::NotAFolder {
            path: target.to_path_buf(),
            why: "it does not end in a folder name".into(),
        })?;
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    Ok((parent, name.to_string()))
}

impl Staging {
    /// Checks that `target` can become (or be replaced by) a results folder
    /// — it is a folder or does not exist, and its parent is writable — and
    /// creates the temporary folder beside it.
    pub fn prepare(target: &Path) -> Result<Staging, OutputError> {
        // Through a symbolic link to where it leads: the link stays, and
        // the folder it leads to is the one replaced (renamed over, the
        // link itself would be replaced by a folder, and the linked
        // folder's files moved into it).
        let resolved = super::links::follow(target).map_err(io(target))?;
        let target = resolved.as_path();
        let (parent, name) = split(target)?;
        if target.exists() && !target.is_dir() {
            return Err(OutputError::NotAFolder {
                path: target.to_path_buf(),
                why: "it is a file".into(),
            });
        }
        fs::create_dir_all(&parent).map_err(io(&parent))?;
        // Every rename goes through the parent's real path: a target such
        // as `out/../out` reaches its parent through itself, and once the
        // old folder moved aside that path would lead nowhere (the new
        // folder could not be put in place).
        let parent = fs::canonicalize(&parent).map_err(io(&parent))?;
        let target = parent.join(&name);
        let target = target.as_path();
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        // Left by an earlier run of this process id: ours to replace.
        let _ = fs::remove_dir_all(&tmp);
        remove_dead_stagings(&parent, &name);
        fs::create_dir(&tmp).map_err(io(&tmp))?;
        let staging = Staging {
            target: target.to_path_buf(),
            tmp,
            committed: false,
            protected: Vec::new(),
        };
        if target.is_dir() {
            // Its entries move into the new folder at the swap.
            let probe = target.join(format!(".ccsim-probe-{}", std::process::id()));
            fs::write(&probe, b"").map_err(io(target))?;
            let _ = fs::remove_file(&probe);
        }
        Ok(staging)
    }

    /// Keeps the old folder's entry `name` (one that holds an input of the
    /// command): it moves into the new folder even if an earlier run
    /// wrote it, and [`Staging::commit`] refuses to replace it.
    pub fn protect(&mut self, name: std::ffi::OsString) {
        self.protected.push(name);
    }

    /// The folder to write the run's files into.
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// The final place of the folder.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Puts the finished folder in place of the old one (see the module
    /// doc); the old folder's other entries move into it.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let (parent, name) = split(&self.target)?;
        if let Some(p) = self.protected.iter().find(|p| self.tmp.join(p).exists()) {
            return Err(OutputError::WouldReplaceInput {
                path: self.target.join(p),
            });
        }
        let mut written: Vec<String> = Vec::new();
        for e in fs::read_dir(&self.tmp).map_err(io(&self.tmp))?.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            // A folder's own entries too (`histograms/…`), so a user's file
            // among them is told from the run's.
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                for c in fs::read_dir(e.path()).map_err(io(&e.path()))?.flatten() {
                    written.push(format!("{name}/{}", c.file_name().to_string_lossy()));
                }
            }
            written.push(name);
        }
        written.sort();
        let list: String = written.iter().map(|n| format!("{n}\n")).collect();
        let outputs = self.tmp.join(OUTPUTS);
        fs::write(&outputs, list).map_err(io(&outputs))?;
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let had_old = self.target.is_dir();
        if had_old {
            let _ = fs::remove_dir_all(&old);
            fs::rename(&self.target, &old).map_err(io(&self.target))?;
        }
        if let Err(e) = fs::rename(&self.tmp, &self.target) {
            if had_old {
                // Put the old folder back: nothing has changed.
                let _ = fs::rename(&old, &self.target);
            }
            return Err(io(&self.target)(e));
        }
        self.committed = true;
        if had_old {
            carry_over(&old, &self.target, &self.protected)?;
            fs::remove_dir_all(&old).map_err(io(&old))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Moves every entry of `old` that `new` does not have into `new`, but
/// those an earlier run wrote there (listed in its [`OUTPUTS`]) unless
/// `protected` (they hold the command's inputs). In a folder an earlier
/// run wrote (`histograms/`), what it did not write — a user's file put
/// there — moves into the new folder of that name, where the list names
/// the folder's entries (lists of earlier versions do not: their folders
/// go whole).
fn carry_over(old: &Path, new: &Path, protected: &[std::ffi::OsString]) -> Result<(), OutputError> {
    let earlier = fs::read_to_string(old.join(OUTPUTS)).unwrap_or_default();
    let earlier: std::collections::BTreeSet<&str> = earlier.lines().collect();
    let nested = earlier.iter().any(|l| l.contains('/'));
    for e in fs::read_dir(old).map_err(io(old))?.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let to = new.join(e.file_name());
        let ours = earlier.contains(name.as_str()) && !protected.contains(&e.file_name());
        if ours && nested && e.file_type().is_ok_and(|t| t.is_dir()) {
            for c in fs::read_dir(e.path()).map_err(io(&e.path()))?.flatten() {
                let key = format!("{name}/{}", c.file_name().to_string_lossy());
                let dest = to.join(c.file_name());
                if earlier.contains(key.as_str()) || dest.exists() {
                    continue;
                }
                fs::create_dir_all(&to).map_err(io(&to))?;
                fs::rename(c.path(), &dest).map_err(io(&dest))?;
            }
            continue;
        }
        if to.exists() || ours {
            continue;
        }
        fs::rename(e.path(), &to).map_err(io(&to))?;
    }
    Ok(())
}

/// Removes the temporary folders (`.<name>.tmp-<pid>`) that runs killed
/// before their swap left beside `<name>` in `parent`: those of processes
/// that no longer exist. Best effort: what cannot be removed stays.
fn remove_dead_stagings(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{name}.tmp-");
    let own = std::process::id();
    for e in entries.flatten() {
        let file = e.file_name();
        let pid = file
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(|pid| pid.parse::<u32>().ok());
        let dead = pid.is_some_and(|pid| pid != own && !super::record_parts::alive(pid));
        // Not followed: only a real folder of that name is ours.
        if dead && e.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> tempfile::TempDir {
        tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
    }

    fn names(p: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(p)
            .unwrap_or_else(|e| panic!("{e}"))
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    /// A target named through itself (`out/../out`) or with a trailing
    /// `.` is the same folder: the old one is replaced and keeps the
    /// user's files, and nothing is left beside it.
    #[test]
    fn a_target_named_through_itself_is_replaced_in_place() {
        for spelling in ["out/../out", "out/."] {
            let d = dir();
            let out = d.path().join("out");
            fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
            fs::write(out.join("keep.txt"), "mine").unwrap_or_else(|e| panic!("{e}"));
            let s = Staging::prepare(&d.path().join(spelling)).unwrap_or_else(|e| panic!("{e}"));
            fs::write(s.path().join("summary.json"), "new").unwrap_or_else(|e| panic!("{e}"));
            s.commit().unwrap_or_else(|e| panic!("{spelling}: {e}"));
            assert_eq!(names(d.path()), ["out"], "{spelling}");
            assert_eq!(
                names(&out),
                [OUTPUTS, "keep.txt", "summary.json"],
                "{spelling}"
            );
        }
    }

    /// The temporary folder a killed run left beside the target goes with
    /// the next run to it; one of a live process (pid 1) stays.
    #[test]
    fn a_killed_run_s_temporary_folder_goes_with_the_next_run() {
        if !Path::new("/proc/self").exists() {
            return;
        }
        let d = dir();
        // pid 2^32-1 exceeds any pid_max.
        for left in [".out.tmp-4294967295", ".out.tmp-1", ".other.tmp-4294967295"] {
            fs::create_dir_all(d.path().join(left).join("x")).unwrap_or_else(|e| panic!("{e}"));
        }
        let s = Staging::prepare(&d.path().join("out")).unwrap_or_else(|e| panic!("{e}"));
        s.commit().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            names(d.path()),
            [".other.tmp-4294967295", ".out.tmp-1", "out"]
        );
    }

    /// An entry holding the command's input is carried over though an
    /// earlier run listed it, and never replaced: a commit that would
    /// replace it fails with the old folder as it was.
    #[test]
    fn a_protected_entry_is_kept_and_never_replaced() {
        let d = dir();
        let out = d.path().join("out");
        fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
        fs::write(out.join("scenario.toml"), "mine").unwrap_or_else(|e| panic!("{e}"));
        fs::write(out.join(OUTPUTS), "scenario.toml\n").unwrap_or_else(|e| panic!("{e}"));
        let mut s = Staging::prepare(&out).unwrap_or_else(|e| panic!("{e}"));
        s.protect("scenario.toml".into());
        fs::write(s.path().join("summary.json"), "new").unwrap_or_else(|e| panic!("{e}"));
        s.commit().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(names(&out), [OUTPUTS, "scenario.toml", "summary.json"]);
        let mut s = Staging::prepare(&out).unwrap_or_else(|e| panic!("{e}"));
        s.protect("scenario.toml".into());
        fs::write(s.path().join("scenario.toml"), "theirs").unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            s.commit(),
            Err(OutputError::WouldReplaceInput { .. })
        ));
        assert_eq!(
            fs::read_to_string(out.join("scenario.toml")).unwrap_or_default(),
            "mine"
        );
        assert_eq!(names(d.path()), ["out"]);
    }

    /// A run with `--report`, then one without: the report of the first is
    /// not left beside the second's summary; the user's file stays.
    #[test]
    fn what_an_earlier_run_wrote_and_this_one_did_not_goes() {
        let d = dir();
        let out = d.path().join("out");
        let s = Staging::prepare(&out).unwrap_or_else(|e| panic!("{e}"));
        fs::write(s.path().join("summary.json"), "first").unwrap_or_else(|e| panic!("{e}"));
        fs::write(s.path().join("report.html"), "first").unwrap_or_else(|e| panic!("{e}"));
        s.commit().unwrap_or_else(|e| panic!("{e}"));
        fs::write(out.join("notes.txt"), "mine").unwrap_or_else(|e| panic!("{e}"));
        let s = Staging::prepare(&out).unwrap_or_else(|e| panic!("{e}"));
        fs::write(s.path().join("summary.json"), "second").unwrap_or_else(|e| panic!("{e}"));
        s.commit().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(names(&out), [OUTPUTS, "notes.txt", "summary.json"]);
        assert_eq!(
            fs::read_to_string(out.join(OUTPUTS)).unwrap_or_default(),
            "summary.json\n"
        );
    }

    #[test]
    fn a_new_folder_appears_whole_and_replaces_the_old_keeping_other_files() {
        let d = dir();
        let out = d.path().join("out");
        fs::create_dir_all(out.join("histograms")).unwrap_or_else(|e| panic!("{e}"));
        fs::write(out.join("summary.json"), "old").unwrap_or_else(|e| panic!("{e}"));
        fs::write(out.join("histograms/stale.hdr"), "old").unwrap_or_else(|e| panic!("{e}"));
        fs::write(out.join("notes.txt"), "mine").unwrap_or_else(|e| panic!("{e}"));
        let s = Staging::prepare(&out).unwrap_or_else(|e| panic!("{e}"));
        fs::create_dir(s.path().join("histograms")).unwrap_or_else(|e| panic!("{e}"));
        fs::write(s.path().join("summary.json"), "new").unwrap_or_else(|e| panic!("{e}"));
        // Nothing moved before the commit.
        assert_eq!(
            fs::read_to_string(out.join("summary.json")).unwrap_or_default(),
            "old"
        );
        s.commit().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            names(&out),
            [OUTPUTS, "histograms", "notes.txt", "summary.json"]
        );
        assert_eq!(
            fs::read_to_string(out.join("summary.json")).unwrap_or_default(),
            "new"
        );
        // The run's own folder replaced the old one whole.
        assert!(names(&out.join("histograms")).is_empty());
        // No temporary or old folder is left beside it.
        assert_eq!(names(d.path()), ["out"]);
    }

    /// A user's file put in a folder a run wrote (`histograms/`) stays
    /// through the next run (a fuzz find: it went with the folder); the
    /// earlier run's own files there go, whether or not the next run
    /// writes them again.
    #[test]
    fn a_user_s_file_in_a_folder_the_run_wrote_stays() {
        let d = dir();
        let out = d.path().join("out");
        let run = |files: &[&str]| {
            let s = Staging::prepare(&out).unwrap_or_else(|e| panic!("{e}"));
            fs::create_dir(s.path().join("histograms")).unwrap_or_else(|e| panic!("{e}"));
            for f in files {
                fs::write(s.path().join("histograms").join(f), "run")
                    .unwrap_or_else(|e| panic!("{e}"));
            }
            s.commit().unwrap_or_else(|e| panic!("{e}"));
        };
        run(&["a.hgrm", "b.hgrm"]);
        fs::write(out.join("histograms/mine.txt"), "mine").unwrap_or_else(|e| panic!("{e}"));
        run(&["b.hgrm"]);
        assert_eq!(names(&out.join("histograms")), ["b.hgrm", "mine.txt"]);
        // Also when the run writes the folder no more.
        let s = Staging::prepare(&out).unwrap_or_else(|e| panic!("{e}"));
        fs::write(s.path().join("summary.json"), "new").unwrap_or_else(|e| panic!("{e}"));
        s.commit().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(names(&out.join("histograms")), ["mine.txt"]);
        assert_eq!(names(d.path()), ["out"]);
    }

    #[test]
    fn a_staging_dropped_unfinished_leaves_nothing_and_a_file_is_refused() {
        let d = dir();
        let out = d.path().join("out");
        {
            let s = Staging::prepare(&out).unwrap_or_else(|e| panic!("{e}"));
            fs::write(s.path().join("summary.json"), "half").unwrap_or_else(|e| panic!("{e}"));
        }
        assert!(names(d.path()).is_empty());
        let file = d.path().join("f");
        fs::write(&file, "x").unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            Staging::prepare(&file),
            Err(OutputError::NotAFolder { .. })
        ));
    }
}
