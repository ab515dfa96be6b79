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
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        // The folder is made only when it is missing: a sweep writes some
        // 40 files per point into one folder, and asking for the folder
        // before each (a mkdir and a stat) was two of the seven system
        // calls a file took.
        let mut f = match fs::File::create(&tmp) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                fs::create_dir_all(dir)?;
                fs::File::create(&tmp)?
            }
            other => other?,
        };
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
}
