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
use super::stream::{open, At, ObjectStream, Step};

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
        read_stream(open(path)?, &mut dedupe, &mut skipped)?;
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

/// Reads one file's records into `dedupe`, counting objects that are not
/// contact records in `skipped`.
pub fn read_stream<R: Read>(
    mut stream: ObjectStream<R>,
    dedupe: &mut Deduper,
    skipped: &mut SkipCounts,
) -> Result<(), IngestError> {
    while let Some(converted) = stream.next_value(parse_record)? {
        match converted {
            Converted::Contact(c) => dedupe.add_contact(*c),
            Converted::InProgress {
                contact_id,
                last_update_ms,
            } => dedupe.add_in_progress(contact_id, last_update_ms),
            Converted::NotAContact => skipped.add(SkipReason::NotAContactRecord),
        }
    }
    Ok(())
}

/// Parses and converts the record at the start of `bytes`.
fn parse_record(bytes: &[u8], path: &Path, at: At) -> Result<Step<Converted>, IngestError> {
    let mut values = serde_json::Deserializer::from_slice(bytes).into_iter::<RawRecord>();
    match values.next() {
        Some(Ok(raw)) => {
            let len = values.byte_offset();
            let converted = convert(raw).map_err(|p| p.at(at.location(path)))?;
            Ok(Step::Done(converted, len))
        }
        Some(Err(e)) if e.is_eof() => Ok(Step::Incomplete),
        Some(Err(e)) => Err(json_error(path, bytes, at, e)),
        None => Ok(Step::Incomplete),
    }
}

/// A record the JSON parser refused: a syntax error is placed at its line
/// and column in the file; a value of the wrong type is named by its field
/// path (found by parsing the record again, tracking the path — only on
/// this error path, since tracking slows every record down).
fn json_error(path: &Path, bytes: &[u8], at: At, e: serde_json::Error) -> IngestError {
    if e.classify() != Category::Data {
        let column = if e.line() <= 1 {
            at.column + e.column() as u64 - 1
        } else {
            e.column() as u64
        };
        return IngestError::NotJson {
            at: Box::new(Location {
                path: path.to_path_buf(),
                line: at.line + e.line() as u64 - 1,
                column: col(column),
                record: Some(at.record),
            }),
            problem: strip_position(&e.to_string()),
        };
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
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
        at: Box::new(at.location(path)),
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
