//! Which files hold contact records: the inputs named (files or folders,
//! in any mix), folders walked recursively. The result is sorted by path
//! and free of repeats, so the records come out the same whatever order
//! the inputs were named in.
//!
//! In a folder, hidden entries (`.name`) are left out, and so are files
//! whose extension says they are something else: a folder's file is read
//! when it has no extension (Firehose objects are named
//! `stream-1-2019-08-13-22-54-40-<uuid>`) or ends in `.json`, `.jsonl`,
//! `.ndjson` or `.gz`, and is a regular file (a named pipe, socket or
//! device in a folder would block the read, or never end). Those left out
//! are listed, for the report. A file named explicitly is always read (a
//! pipe too: `<(zcat records.gz)` names one).
//!
//! A folder that holds ccsim's own results (a `calibrate --out` into the
//! records' folder) lists them in its [`OUTPUTS`] file: those are left out
//! too, never read back as records on the next run.
//!
//! Symbolic links are followed, as naming their target would be, except a
//! link to a folder the walk is already inside (`self -> .`): that would
//! go round for ever, and its files are read once, through the folder. It
//! is listed with the files left out.

use std::path::{Path, PathBuf};

use crate::output::folder::OUTPUTS;

use super::error::IngestError;

/// The files to read, and those a folder walk left out.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct RecordFiles {
    /// Files to read, sorted, each once.
    pub read: Vec<PathBuf>,
    /// Non-hidden files in folders whose extension is not a contact
    /// record file's, and links back to a folder above them, sorted.
    pub left_out: Vec<PathBuf>,
}

/// Extensions of contact-record files found in folders.
const RECORD_EXTENSIONS: [&str; 4] = ["json", "jsonl", "ndjson", "gz"];

/// The contact-record files of `inputs`.
pub fn record_files(inputs: &[PathBuf]) -> Result<RecordFiles, IngestError> {
    let mut out = RecordFiles::default();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| IngestError::read(input, e))?;
        if meta.is_dir() {
            walk(input, &mut Vec::new(), &mut out)?;
        } else {
            out.read.push(input.clone());
        }
    }
    for list in [&mut out.read, &mut out.left_out] {
        list.sort();
        list.dedup();
    }
    Ok(out)
}

/// Whether a file found in a folder is read as contact records.
pub fn looks_like_records(path: &Path) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        None => true,
        Some(ext) => RECORD_EXTENSIONS
            .iter()
            .any(|r| r.eq_ignore_ascii_case(ext)),
    }
}

/// Adds the files under `dir` to `out`; `inside` holds the canonical paths
/// of the folders the walk is in, so that a link back to one of them is
/// left out rather than walked again.
fn walk(dir: &Path, inside: &mut Vec<PathBuf>, out: &mut RecordFiles) -> Result<(), IngestError> {
    let canonical = std::fs::canonicalize(dir).map_err(|e| IngestError::read(dir, e))?;
    if inside.contains(&canonical) {
        out.left_out.push(dir.to_path_buf());
        return Ok(());
    }
    inside.push(canonical);
    let walked = walk_entries(dir, inside, out);
    inside.pop();
    walked
}

/// The entries of `dir`, for [`walk`].
fn walk_entries(
    dir: &Path,
    inside: &mut Vec<PathBuf>,
    out: &mut RecordFiles,
) -> Result<(), IngestError> {
    let entries = std::fs::read_dir(dir).map_err(|e| IngestError::read(dir, e))?;
    let ours = ccsim_outputs(dir);
    for entry in entries {
        let entry = entry.map_err(|e| IngestError::read(dir, e))?;
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        if ours.iter().any(|o| o.as_os_str() == name) {
            out.left_out.push(path);
            continue;
        }
        // Follows symbolic links, as naming the target would.
        let meta = std::fs::metadata(&path).map_err(|e| IngestError::read(&path, e))?;
        if meta.is_dir() {
            walk(&path, inside, out)?;
        } else if meta.is_file() && looks_like_records(&path) {
            out.read.push(path);
        } else {
            // Not records, or not a regular file: a named pipe, socket or
            // device found in a folder would block the read (or never end).
            out.left_out.push(path);
        }
    }
    Ok(())
}

/// The entries a ccsim run wrote into `dir`, as its [`OUTPUTS`] file lists
/// them (none if it has no such file, or it cannot be read).
fn ccsim_outputs(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_to_string(dir.join(OUTPUTS))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.is_empty())
        .map(PathBuf::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fuzz campaign's find: a named pipe in a folder of records hung
    /// calibrate and backtest (the read waits for a writer). A socket
    /// stands in for it here: made without a command, and not a regular
    /// file either.
    #[cfg(unix)]
    #[test]
    fn a_folder_s_pipes_and_sockets_are_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.jsonl"), "{}").unwrap();
        let socket = root.join("p.jsonl");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let got = record_files(&[root.to_path_buf()]).unwrap();
        assert_eq!(got.read, vec![root.join("a.jsonl")]);
        assert_eq!(got.left_out, vec![socket]);
    }

    #[test]
    fn folders_are_walked_sorted_without_hidden_or_foreign_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (p, body) in [
            ("2019/08/13/23/stream-1-b", "{}"),
            ("2019/08/13/22/stream-1-a.gz", ""),
            ("2019/08/13/22/.stream-1-a.gz.crc", ""),
            (".hidden/x.json", "{}"),
            ("notes.md", "#"),
            ("z.jsonl", ""),
        ] {
            let p = root.join(p);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, body).unwrap();
        }
        let z = root.join("z.jsonl");
        let got = record_files(&[z.clone(), root.to_path_buf()]).unwrap();
        assert_eq!(
            got.read,
            vec![
                root.join("2019/08/13/22/stream-1-a.gz"),
                root.join("2019/08/13/23/stream-1-b"),
                z,
            ]
        );
        assert_eq!(got.left_out, vec![root.join("notes.md")]);
        let e = record_files(&[root.join("missing")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("missing: cannot read"), "{e}");
    }

    /// A fuzz campaign's find: calibrating into the records' own folder
    /// read its earlier `calibration.json` back as records (counted as
    /// skipped, not a contact record). The files the folder's
    /// `.ccsim-outputs` lists are left out; a records file beside them is
    /// read.
    #[test]
    fn a_folder_s_own_ccsim_outputs_are_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (p, body) in [
            ("records.jsonl", "{}"),
            ("calibration.json", "{}"),
            ("calibration.md", "#"),
            (OUTPUTS, "calibration.json\ncalibration.md\nscenario.toml\n"),
        ] {
            std::fs::write(root.join(p), body).unwrap();
        }
        let got = record_files(&[root.to_path_buf()]).unwrap();
        assert_eq!(got.read, vec![root.join("records.jsonl")]);
        assert_eq!(
            got.left_out,
            vec![root.join("calibration.json"), root.join("calibration.md")]
        );
    }

    /// A link back to a folder the walk is in is left out, not walked
    /// until the system refuses; a link elsewhere is followed.
    #[cfg(unix)]
    #[test]
    fn links_back_up_the_tree_are_left_out_and_others_followed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("records");
        let other = dir.path().join("other");
        std::fs::create_dir_all(root.join("2019")).unwrap();
        std::fs::create_dir_all(&other).unwrap();
        std::fs::write(root.join("2019/a.json"), "{}").unwrap();
        std::fs::write(other.join("b.json"), "{}").unwrap();
        std::os::unix::fs::symlink(".", root.join("self")).unwrap();
        std::os::unix::fs::symlink("..", root.join("2019/up")).unwrap();
        std::os::unix::fs::symlink(&other, root.join("elsewhere")).unwrap();
        let got = record_files(std::slice::from_ref(&root)).unwrap();
        assert_eq!(
            got.read,
            vec![root.join("2019/a.json"), root.join("elsewhere/b.json")]
        );
        assert_eq!(got.left_out, vec![root.join("2019/up"), root.join("self")]);
    }
}
