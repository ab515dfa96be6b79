//! Contact records laid out as Amazon Kinesis Data Firehose delivers them
//! to S3: gzip'd objects under `YYYY/MM/DD/HH/` (the hour the record was
//! last updated, UTC), each holding records concatenated with no separator
//! — the layout Glue crawlers, Athena tables and users' scripts already
//! read.
//!
//! A replication streams into its own temporary folder; [`assemble`] moves
//! every replication's objects into one temporary tree and swaps it into
//! place, so the folder appears whole or not at all, and is the same for
//! any thread count (each replication is its own calendar period, so no two
//! replications write the same object).

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::timefmt::format_iso8601_utc_seconds;

const HOUR_MS: i64 = 3_600_000;

/// The (hidden) file that marks a records folder as ccsim's: a run
/// replaces only a folder that is new, empty or marked (the CLI checks it
/// before any work), never a folder of the user's.
pub const MARKER: &str = ".ccsim-records";

/// At most this many objects are open at once in one replication; the
/// least recently written is finished first. A record that later falls in
/// a finished hour starts a further object in that hour's folder, as
/// Firehose itself writes several objects an hour.
const MAX_OPEN_OBJECTS: usize = 24;

/// One replication's Firehose objects, written as its records arrive.
pub struct FirehoseSink {
    root: PathBuf,
    replication: u32,
    /// Open objects by hour (Unix ms of the hour's start), with the write
    /// counter of their last use.
    open: BTreeMap<i64, (GzEncoder<BufWriter<File>>, u64)>,
    /// Objects started so far in each hour, for unique names.
    started: BTreeMap<i64, u32>,
    writes: u64,
}

impl FirehoseSink {
    /// A sink writing under `root` (the replication's temporary folder).
    pub fn new(root: PathBuf, replication: u32) -> io::Result<Self> {
        fs::create_dir_all(&root)?;
        Ok(FirehoseSink {
            root,
            replication,
            open: BTreeMap::new(),
            started: BTreeMap::new(),
            writes: 0,
        })
    }

    /// Appends one record (its JSON text) to the object of the hour of
    /// `last_update_ms`.
    pub fn write(&mut self, last_update_ms: i64, record: &[u8]) -> io::Result<()> {
        let hour = last_update_ms.div_euclid(HOUR_MS) * HOUR_MS;
        self.writes += 1;
        if !self.open.contains_key(&hour) {
            if self.open.len() >= MAX_OPEN_OBJECTS {
                self.finish_least_recent()?;
            }
            let object = self.start_object(hour)?;
            self.open.insert(hour, (object, self.writes));
        }
        let writes = self.writes;
        match self.open.get_mut(&hour) {
            Some((object, used)) => {
                *used = writes;
                object.write_all(record)
            }
            None => Err(io::Error::other("firehose object vanished")),
        }
    }

    /// Finishes every open object.
    pub fn close(mut self) -> io::Result<()> {
        for (_, (object, _)) in std::mem::take(&mut self.open) {
            object.finish()?.into_inner().map_err(|e| e.into_error())?;
        }
        Ok(())
    }

    fn finish_least_recent(&mut self) -> io::Result<()> {
        let oldest = self
            .open
            .iter()
            .min_by_key(|(_, (_, used))| *used)
            .map(|(h, _)| *h);
        if let Some((object, _)) = oldest.and_then(|h| self.open.remove(&h)) {
            object.finish()?.into_inner().map_err(|e| e.into_error())?;
        }
        Ok(())
    }

    fn start_object(&mut self, hour: i64) -> io::Result<GzEncoder<BufWriter<File>>> {
        let k = self.started.entry(hour).or_insert(0);
        *k += 1;
        // "2026-01-05T08:00:00Z" → the folder 2026/01/05/08 and Firehose's
        // object name stream-version-YYYY-MM-DD-HH-MM-SS-suffix.
        let stamp = format_iso8601_utc_seconds(hour);
        let (date, time) = stamp.split_at(10);
        let folder = self
            .root
            .join(&date[0..4])
            .join(&date[5..7])
            .join(&date[8..10])
            .join(&time[1..3]);
        fs::create_dir_all(&folder)?;
        let name = format!(
            "ccsim-records-1-{date}-{}-00-00-r{:06}-{:04}.gz",
            &time[1..3],
            self.replication,
            k
        );
        let file = File::create(folder.join(name))?;
        Ok(GzEncoder::new(BufWriter::new(file), Compression::default()))
    }
}

/// Moves the objects of every replication folder in `parts` (in order)
/// into one tree and swaps it into place at `target`, replacing a folder
/// that was there only once the new one is complete. The parts are
/// removed either way.
pub fn assemble(parts: &[PathBuf], target: &Path) -> io::Result<()> {
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("records");
    let sibling =
        |tag: &str| target.with_file_name(format!(".{name}.{tag}-{}", std::process::id()));
    let (tmp, old) = (sibling("tmp"), sibling("old"));
    let result = (|| {
        let _ = fs::remove_dir_all(&tmp);
        fs::create_dir_all(&tmp)?;
        for part in parts {
            move_tree(part, &tmp)?;
        }
        fs::write(tmp.join(MARKER), b"contact records written by ccsim\n")?;
        if target.is_dir() {
            fs::rename(target, &old)?;
        }
        fs::rename(&tmp, target)?;
        let _ = fs::remove_dir_all(&old);
        Ok(())
    })();
    remove_parts(parts);
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp);
        // Put back what the user had if the swap got half way.
        if !target.exists() && old.is_dir() {
            let _ = fs::rename(&old, target);
        }
    }
    result
}

/// Removes replication folders (after a failure, or once assembled).
pub fn remove_parts(parts: &[PathBuf]) {
    for part in parts {
        let _ = fs::remove_dir_all(part);
    }
}

/// Moves every file under `from` to the same relative path under `to`.
fn move_tree(from: &Path, to: &Path) -> io::Result<()> {
    let mut entries: Vec<_> = fs::read_dir(from)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            fs::create_dir_all(&dest)?;
            move_tree(&entry.path(), &dest)?;
        } else {
            fs::rename(entry.path(), dest)?;
        }
    }
    Ok(())
}
