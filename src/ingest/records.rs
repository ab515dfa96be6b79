//! `read_contact_records`: every contact record of the inputs, read,
//! checked, deduplicated and counted — the entry point calibration and the
//! backtest call.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::error::Category;

use super::contact::ObservedContact;
use super::convert::{convert, Converted};
use super::ctr::RawRecord;
use super::dedupe::Deduper;
use super::error::{IngestError, Location};
use super::files::record_files;
use super::skips::{SkipCounts, SkipReason};
use super::stream::{open, ObjectStream, RawObject, StreamError};

/// The contacts of a set of exports, and what was not kept.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactSet {
    /// One per contact, sorted by `InitiationTimestamp` then `ContactId`.
    pub contacts: Vec<ObservedContact>,
    /// Records read but not kept, by reason.
    pub skipped: SkipCounts,
    /// JSON objects read (kept + skipped).
    pub records_read: u64,
    /// Files read.
    pub files_read: u64,
    /// Files found in folders but not read: their extension says they are
    /// not contact records (see [`super::files`]).
    pub files_left_out: Vec<PathBuf>,
}

/// Reads every contact record of `inputs` — files or folders (walked
/// recursively), in any mix; JSON lines, JSON arrays or Firehose objects,
/// gzip'd or plain. The first bad record stops the reading with an error
/// naming file, line, record and field.
pub fn read_contact_records(inputs: &[PathBuf]) -> Result<ContactSet, IngestError> {
    let files = record_files(inputs)?;
    let mut dedupe = Deduper::default();
    let mut skipped = SkipCounts::default();
    for path in &files.read {
        let stream = open(path).map_err(|e| IngestError::read(path, e))?;
        read_stream(path, stream, &mut dedupe, &mut skipped)?;
    }
    let records_read = dedupe.len() as u64 + skipped.total();
    let contacts = dedupe.finish(&mut skipped);
    Ok(ContactSet {
        contacts,
        skipped,
        records_read,
        files_read: files.read.len() as u64,
        files_left_out: files.left_out,
    })
}

/// Reads one file's objects into `dedupe`, counting objects that are not
/// contact records in `skipped`.
pub fn read_stream<R: Read>(
    path: &Path,
    mut stream: ObjectStream<R>,
    dedupe: &mut Deduper,
    skipped: &mut SkipCounts,
) -> Result<(), IngestError> {
    loop {
        let object = match stream.next_object() {
            Ok(Some(o)) => o,
            Ok(None) => return Ok(()),
            Err(e) => return Err(stream_error(path, e)),
        };
        let raw: RawRecord = match serde_json::from_slice(object.bytes) {
            Ok(r) => r,
            Err(e) => return Err(json_error(path, &object, e)),
        };
        let at = |o: &RawObject| Location {
            path: path.to_path_buf(),
            line: o.line,
            column: None,
            record: Some(o.record),
        };
        match convert(raw).map_err(|p| p.at(at(&object)))? {
            Converted::Contact(c) => dedupe.add_contact(c),
            Converted::InProgress {
                contact_id,
                last_update_ms,
            } => dedupe.add_in_progress(contact_id, last_update_ms),
            Converted::NotAContact => skipped.add(SkipReason::NotAContactRecord),
        }
    }
}

fn stream_error(path: &Path, e: StreamError) -> IngestError {
    match e {
        StreamError::Io(source) => IngestError::read(path, source),
        StreamError::NotJson {
            line,
            column,
            problem,
        } => IngestError::NotJson {
            at: Box::new(Location {
                path: path.to_path_buf(),
                line,
                column: col(column),
                record: None,
            }),
            problem,
        },
        StreamError::Truncated {
            line,
            column,
            record,
            what,
        } => IngestError::Truncated {
            at: Box::new(Location {
                path: path.to_path_buf(),
                line,
                column: col(column),
                record,
            }),
            what: what.into(),
        },
    }
}

/// A record the JSON parser refused: a syntax error is placed at its line
/// and column in the file; a value of the wrong type is named by its field
/// path (found by parsing the record again, tracking the path — only on
/// this error path, since tracking slows every record down).
fn json_error(path: &Path, o: &RawObject<'_>, e: serde_json::Error) -> IngestError {
    let line = o.line + e.line() as u64 - 1;
    let column = if e.line() <= 1 {
        o.column + e.column() as u64 - 1
    } else {
        e.column() as u64
    };
    let mut at = Location {
        path: path.to_path_buf(),
        line,
        column: col(column),
        record: Some(o.record),
    };
    if e.classify() != Category::Data {
        return IngestError::NotJson {
            at: Box::new(at),
            problem: strip_position(&e.to_string()),
        };
    }
    at.line = o.line;
    at.column = None;
    let mut de = serde_json::Deserializer::from_slice(o.bytes);
    let tracked: Result<RawRecord, _> = serde_path_to_error::deserialize(&mut de);
    let (field, problem) = match tracked {
        Err(t) => (t.path().to_string(), strip_position(&t.inner().to_string())),
        Ok(_) => ("?".into(), strip_position(&e.to_string())),
    };
    let hint = if field.ends_with("Duration") || field.ends_with("Holds") {
        "write it as a number (seconds for a duration), as Connect does: 7, not \"7\""
    } else if field.ends_with("Attempts") {
        "write it as a whole number, as Connect does"
    } else {
        "write it as Connect's contact record data model does (a string, an object or null)"
    };
    IngestError::Field {
        at: Box::new(at),
        field,
        problem,
        hint,
    }
}

/// A column for a [`Location`] (a line longer than 4 GiB says its limit).
fn col(column: u64) -> Option<u32> {
    Some(u32::try_from(column).unwrap_or(u32::MAX))
}

/// serde_json's message without its ` at line L column C` (the location is
/// given in the file's terms instead).
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}
