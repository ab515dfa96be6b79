//! Atomic file writes: the bytes go to a temporary file beside the target,
//! are flushed to disk, the temporary is renamed over the target, and the
//! folder is flushed so the rename itself survives a power cut. A reader
//! (or a crash) sees the old file or the new one, never half of one.
//!
//! Hand-written rather than `tempfile`'s `NamedTempFile::persist`: that
//! renames but flushes neither the file nor the folder, and its random
//! names would escape [`remove_temporaries`], which recognises ours
//! (`.<name>.tmp-<pid>`).

use std::fs;
use std::io::Write;
use std::path::Path;

use super::OutputError;

/// Writes `bytes` to `path` atomically, creating parent folders; flushes
/// the data to disk before the rename and the folder after it (durable
/// across a power cut).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    write(path, bytes, true)
}

/// As [`write_atomic`], without flushing to disk: still never half a file
/// for a reader or after a crash of the program, but after a power cut the
/// file may be empty. For files whose integrity something else checks (a
/// sweep point's files are hashed in its synced `point.json`).
pub fn write_atomic_unsynced(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    write(path, bytes, false)
}

fn write(path: &Path, bytes: &[u8], sync: bool) -> Result<(), OutputError> {
    let io = |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = folder_of(path);
    let tmp = temporary(path);
    let result = (|| {
        let mut f = create(&tmp)?;
        f.write_all(bytes)?;
        if sync {
            f.sync_all()?;
        }
        fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(io(e));
    }
    if sync {
        sync_folder(dir);
    }
    Ok(())
}

/// Several files written atomically as [`write_atomic`] writes one — each
/// file's bytes on disk before it is renamed into place, the folders
/// flushed after — with the flushes batched: every file is written first,
/// then all are flushed together ([`flush_all`]), renamed, and each
/// folder flushed once. File by file, the disk was waited for twice a
/// file: `ccsim run scenarios/all_methods.toml` (81 files) took 86.8 ms
/// to an ext4 folder and 48 ms to memory; batched, 64.4 ms
/// (`results/bench/2026-12-07-issue14-s65/`).
///
/// Each file is still all or nothing for a reader; the set is not (as
/// with files written one by one): a failure part way leaves the files
/// renamed so far new and the others as they were. Temporaries of a batch
/// dropped before [`AtomicBatch::commit`] are removed.
#[derive(Debug, Default)]
pub struct AtomicBatch {
    /// `(temporary, target)` of each file written, in order.
    staged: Vec<(std::path::PathBuf, std::path::PathBuf)>,
    /// The targets in `staged`, to find one written again.
    targets: std::collections::BTreeSet<std::path::PathBuf>,
}

impl AtomicBatch {
    /// An empty batch.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes `bytes` to a temporary beside `path` (creating parent
    /// folders); [`AtomicBatch::commit`] puts it in place.
    pub fn write(&mut self, path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
        let tmp = temporary(path);
        let written = (|| {
            let mut f = create(&tmp)?;
            f.write_all(bytes)
        })();
        if let Err(source) = written {
            let _ = fs::remove_file(&tmp);
            return Err(OutputError::Io {
                path: path.to_path_buf(),
                source,
            });
        }
        // Written again: its temporary (named after it) now holds the new
        // bytes, and is renamed once, as files written one by one would
        // leave the last.
        if self.targets.insert(path.to_path_buf()) {
            self.staged.push((tmp, path.to_path_buf()));
        }
        Ok(())
    }

    /// Flushes every file written to disk, renames each into place, and
    /// flushes each folder they went into once.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let fail = |path: &Path, source| OutputError::Io {
            path: path.to_path_buf(),
            source,
        };
        flush_all(&self.staged)?;
        let staged = std::mem::take(&mut self.staged);
        let mut folders: Vec<&Path> = Vec::new();
        for (i, (tmp, path)) in staged.iter().enumerate() {
            if let Err(e) = fs::rename(tmp, path) {
                // Those not yet renamed are removed when the batch drops.
                self.staged = staged[i..].to_vec();
                return Err(fail(path, e));
            }
            let dir = folder_of(path);
            if !folders.contains(&dir) {
                folders.push(dir);
            }
        }
        for dir in folders {
            sync_folder(dir);
        }
        Ok(())
    }
}

/// Flushers a batch's files are shared among (see [`flush_all`]).
const FLUSHERS: usize = 16;

/// Flushes every `(temporary, target)` file to disk, from up to
/// [`FLUSHERS`] threads at once; the first error met, in file order.
/// Flushes waited for one by one each take the disk's whole latency
/// (`all_methods.toml`'s 81 files: 83 flushes, 15.6 ms in all on ext4);
/// in flight together, a journaling file system commits them in a few
/// transactions. Kicking off each file's write-back as it was written
/// (Linux's `sync_file_range`) and flushing in order gained nothing
/// beside this.
fn flush_all(files: &[(std::path::PathBuf, std::path::PathBuf)]) -> Result<(), OutputError> {
    let flush = |(tmp, path): &(std::path::PathBuf, std::path::PathBuf)| {
        // Opened again for writing (a flush needs write access on some
        // systems) rather than kept open since the write: thousands of
        // histogram files could exhaust the process's file handles.
        fs::OpenOptions::new()
            .write(true)
            .open(tmp)
            .and_then(|f| f.sync_all())
            .map_err(|source| OutputError::Io {
                path: path.to_path_buf(),
                source,
            })
    };
    let chunk = files.len().div_ceil(FLUSHERS).max(1);
    std::thread::scope(|s| {
        let flushers: Vec<_> = files
            .chunks(chunk)
            .map(|c| {
                let work = move || c.iter().try_for_each(flush);
                // A thread the system refuses: that share flushed here.
                std::thread::Builder::new()
                    .spawn_scoped(s, work)
                    .map_err(|_| work())
            })
            .collect();
        flushers.into_iter().try_for_each(|f| match f {
            Ok(h) => h
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(done) => done,
        })
    })
}

impl Drop for AtomicBatch {
    fn drop(&mut self) {
        for (tmp, _) in &self.staged {
            let _ = fs::remove_file(tmp);
        }
    }
}

/// The folder `path` is in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The temporary `path` is written to before it is renamed into place:
/// `.<name>.tmp-<pid>` beside it (what [`remove_temporaries`] recognises).
fn temporary(path: &Path) -> std::path::PathBuf {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    folder_of(path).join(format!(".{name}.tmp-{}", std::process::id()))
}

/// Creates (truncates) `tmp`, making its folder only when it is missing: a
/// sweep writes some 40 files per point into one folder, and asking for
/// the folder before each (a mkdir and a stat) was two of the seven system
/// calls a file took.
fn create(tmp: &Path) -> std::io::Result<fs::File> {
    match fs::File::create(tmp) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            fs::create_dir_all(folder_of(tmp))?;
            fs::File::create(tmp)
        }
        other => other,
    }
}

/// Flushes `dir`'s entries (a rename into it) to disk. Best effort: some
/// file systems refuse to flush a folder, and the file's bytes are already
/// on disk; elsewhere than Unix a folder cannot be opened to flush.
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Removes the temporary files an interrupted atomic write can leave
/// (`.<name>.tmp-<pid>`) directly in `dir`, and in its sub-folders too if
/// `recursive`. Clean only folders about to be written: another process
/// may be writing elsewhere (a sweep cleans the top of its output folder
/// and the folders of the points it computes).
pub fn remove_temporaries(dir: &Path, recursive: bool) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        match e.file_type() {
            Ok(t) if t.is_dir() && recursive => remove_temporaries(&path, true),
            Ok(t) if t.is_file() && name.starts_with('.') && name.contains(".tmp-") => {
                let _ = std::fs::remove_file(&path);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_files_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/a.txt");
        write_atomic(&p, b"first").unwrap();
        write_atomic(&p, b"second").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"second");
        let names: Vec<_> = fs::read_dir(dir.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn makes_missing_folders_and_refuses_a_file_in_the_way() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("x/y/z/a.txt");
        write_atomic_unsynced(&deep, b"deep").unwrap();
        assert_eq!(fs::read(&deep).unwrap(), b"deep");
        fs::write(dir.path().join("file"), b"not a folder").unwrap();
        let blocked = dir.path().join("file/a.txt");
        match write_atomic(&blocked, b"x") {
            Err(OutputError::Io { path, .. }) => assert_eq!(path, blocked),
            other => panic!("expected an I/O error naming the file, got {other:?}"),
        }
        assert_eq!(fs::read(dir.path().join("file")).unwrap(), b"not a folder");
    }

    /// Every entry of `dir` and its sub-folders, relative, sorted.
    fn entries(dir: &Path) -> Vec<String> {
        let mut out = Vec::new();
        for e in fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            if e.file_type().unwrap().is_dir() {
                out.extend(
                    entries(&e.path())
                        .into_iter()
                        .map(|c| format!("{name}/{c}")),
                );
            }
            out.push(name);
        }
        out.sort();
        out
    }

    #[test]
    fn a_batch_puts_every_file_in_place_only_at_its_commit() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("a.txt");
        fs::write(&old, b"old").unwrap();
        let mut batch = AtomicBatch::new();
        // More files than flushers, in two folders, one made by the batch.
        for i in 0..40 {
            let p = dir.path().join(format!("h/{i}.hdr"));
            batch.write(&p, format!("file {i}").as_bytes()).unwrap();
        }
        batch.write(&old, b"newer, then replaced").unwrap();
        batch.write(&old, b"new").unwrap();
        // Nothing in place before the commit: the old file as it was.
        assert_eq!(fs::read(&old).unwrap(), b"old");
        assert!(!dir.path().join("h/0.hdr").exists());
        batch.commit().unwrap();
        assert_eq!(fs::read(&old).unwrap(), b"new");
        for i in 0..40 {
            let p = dir.path().join(format!("h/{i}.hdr"));
            assert_eq!(fs::read(&p).unwrap(), format!("file {i}").as_bytes());
        }
        assert_eq!(
            entries(dir.path()).len(),
            1 + 1 + 40,
            "{:?}",
            entries(dir.path())
        );
    }

    #[test]
    fn a_batch_dropped_or_failing_leaves_no_temporaries_and_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let keep = dir.path().join("keep.txt");
        fs::write(&keep, b"old").unwrap();
        let mut batch = AtomicBatch::new();
        batch.write(&keep, b"new").unwrap();
        drop(batch);
        assert_eq!(fs::read(&keep).unwrap(), b"old");
        assert_eq!(entries(dir.path()), vec!["keep.txt"]);

        // A folder where a file should go: its rename fails at the commit.
        fs::create_dir(dir.path().join("blocked")).unwrap();
        fs::write(dir.path().join("blocked/user.txt"), b"mine").unwrap();
        let mut batch = AtomicBatch::new();
        batch.write(&dir.path().join("first.txt"), b"1").unwrap();
        batch.write(&dir.path().join("blocked"), b"2").unwrap();
        batch.write(&dir.path().join("last.txt"), b"3").unwrap();
        match batch.commit() {
            Err(OutputError::Io { path, .. }) => assert_eq!(path, dir.path().join("blocked")),
            other => panic!("expected an I/O error naming the file, got {other:?}"),
        }
        // The file before it is in place; the folder and what it held are
        // untouched; no temporary is left.
        assert_eq!(fs::read(dir.path().join("first.txt")).unwrap(), b"1");
        assert_eq!(
            fs::read(dir.path().join("blocked/user.txt")).unwrap(),
            b"mine"
        );
        assert_eq!(
            entries(dir.path()),
            vec!["blocked", "blocked/user.txt", "first.txt", "keep.txt"]
        );
    }
}
