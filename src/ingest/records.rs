//! Contact records in, one contact at a time: [`for_each_contact`] (and
//! [`RecordIndex`], its two halves) for calibration, which keeps only
//! what its estimates need; [`read_contact_records`], every contact in
//! memory, for callers that need them all at once.
//!
//! The files are read twice. The first reading ([`super::keys`]) takes
//! only each record's deduplication key and decides which records to keep
//! ([`super::dedupe`]); the second parses and checks every record, as a
//! single reading would, and hands on the kept ones as it meets them. So
//! memory holds a key per record (32 bytes), a bit per record, and a chunk
//! of a file — never the contacts — and the first bad record is reported
//! exactly as one reading would report it.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use serde_json::error::Category;

use super::agent_queues::AgentQueueOwners;
use super::contact::ObservedContact;
use super::convert::{convert, Converted};
use super::ctr::RawRecord;
use super::dedupe::Kept;
use super::error::{IngestError, Location};
use super::files::{record_files, RecordFiles};
use super::keys::read_keys;
use super::renames::{NameNotes, Rename, Renames, SharedName};
use super::skips::SkipCounts;
use super::stream::{open, At, Step};

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
    /// Queues and routing profiles the records name two ways (renamed):
    /// their contacts carry the last name ([`super::renames`]).
    pub renamed: Vec<Rename>,
    /// Names that several queue (or routing profile) ARNs carry: their
    /// contacts are counted as one ([`super::renames`]).
    pub shared_names: Vec<SharedName>,
}

/// What reading a set of exports kept and skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadSummary {
    /// Contacts kept (one record each).
    pub contacts: u64,
    /// Records read but not kept, by reason.
    pub skipped: SkipCounts,
    /// JSON objects read (kept + skipped).
    pub records_read: u64,
    /// Files read.
    pub files_read: u64,
    /// Files found in folders but not read: their extension says they are
    /// not contact records (see [`super::files`]).
    pub files_left_out: Vec<PathBuf>,
    /// Queues and routing profiles kept contacts name two ways (renamed):
    /// their contacts carry the last name ([`super::renames`]). Known
    /// after the second reading; empty before.
    pub renamed: Vec<Rename>,
    /// Names kept contacts reach by several ARNs of one kind: counted as
    /// one queue or routing profile. Known after the second reading.
    pub shared_names: Vec<SharedName>,
}

/// The contact-record files of a set of inputs after the first reading:
/// which records to keep, and what is skipped. [`RecordIndex::for_each_contact`]
/// is the second reading.
#[derive(Debug)]
pub struct RecordIndex {
    /// What will be kept and skipped.
    pub summary: ReadSummary,
    /// The earliest and latest `InitiationTimestamp` among finished
    /// contacts' records — the kept contacts' initiations lie inside.
    pub initiation_span: Option<(i64, i64)>,
    files: Vec<PathBuf>,
    per_file: Vec<u64>,
    kept: Kept,
    renames: Renames,
    /// Per contact, the follow-up that names it by `PreviousContactId`
    /// ([`super::keys::Keys::follow_ups`]).
    follow_ups: HashMap<String, (i64, String)>,
    /// Whose each agent queue is ([`super::agent_queues`]).
    agent_queues: AgentQueueOwners,
}

/// Reads every contact record of `inputs` — files or folders (walked
/// recursively), in any mix; JSON lines, JSON arrays or Firehose objects,
/// gzip'd or plain. The first bad record stops the reading with an error
/// naming file, line, record and field.
pub fn read_contact_records(inputs: &[PathBuf]) -> Result<ContactSet, IngestError> {
    let mut index = index_contact_records(inputs)?;
    let mut contacts = Vec::with_capacity(usize::try_from(index.summary.contacts).unwrap_or(0));
    index.for_each_contact(|c| contacts.push(c))?;
    contacts.sort_unstable_by(|a, b| {
        (a.initiated_ms, &a.contact_id).cmp(&(b.initiated_ms, &b.contact_id))
    });
    let s = index.summary;
    Ok(ContactSet {
        contacts,
        skipped: s.skipped,
        records_read: s.records_read,
        files_read: s.files_read,
        files_left_out: s.files_left_out,
        renamed: s.renamed,
        shared_names: s.shared_names,
    })
}

/// Calls `visit` with each contact kept from `inputs` (read as
/// [`read_contact_records`] reads them), one at a time, in the order the
/// files hold them — an order no result should depend on. A renamed queue
/// or routing profile carries its last name throughout.
pub fn for_each_contact(
    inputs: &[PathBuf],
    visit: impl FnMut(ObservedContact),
) -> Result<ReadSummary, IngestError> {
    let mut index = index_contact_records(inputs)?;
    index.for_each_contact(visit)?;
    Ok(index.summary)
}

/// The first reading of `inputs`: which records to keep.
pub fn index_contact_records(inputs: &[PathBuf]) -> Result<RecordIndex, IngestError> {
    let RecordFiles { read, left_out } = record_files(inputs)?;
    let keys = match read_keys(&read) {
        Ok(keys) => keys,
        // Some record cannot be read: reading every record fully, in
        // order, names the first one that is wrong.
        Err(e) => return Err(second_reading(&read, None, |_| {}).err().unwrap_or(e)),
    };
    let mut skipped = SkipCounts::default();
    let records_read = keys.dedupe.len();
    let kept = keys.dedupe.finish(&mut skipped);
    let renames = Renames::new(keys.queue_names, keys.profile_names);
    let agent_queues = keys.agent_queue_takers.owners(&renames);
    Ok(RecordIndex {
        summary: ReadSummary {
            contacts: kept.len(),
            skipped,
            records_read,
            files_read: read.len() as u64,
            files_left_out: left_out,
            renamed: Vec::new(),
            shared_names: Vec::new(),
        },
        initiation_span: keys.initiated,
        files: read,
        per_file: keys.per_file,
        kept,
        renames,
        follow_ups: keys.follow_ups,
        agent_queues,
    })
}

impl RecordIndex {
    /// The second reading: parses and checks every record, and calls
    /// `visit` with each kept contact, its queue and routing profile under
    /// their last names (the renames met go into `summary.renamed`, the
    /// names several ARNs share into `summary.shared_names`). The
    /// first bad record stops it with an error naming file, line, record
    /// and field.
    ///
    /// A contact with no `NextContactId` that a follow-up (a transfer,
    /// queue transfer or callback) names by its `PreviousContactId` gets
    /// that follow-up as its next contact: Connect writes both links, an
    /// export may keep only the one back.
    pub fn for_each_contact(
        &mut self,
        mut visit: impl FnMut(ObservedContact),
    ) -> Result<(), IngestError> {
        let follow_ups = std::mem::take(&mut self.follow_ups);
        let notes = second_reading(&self.files, Some(self), |mut c: ObservedContact| {
            if c.next_contact_id.is_none() {
                c.next_contact_id = follow_ups.get(&c.contact_id).map(|(_, id)| id.clone());
            }
            visit(c)
        })?;
        self.summary.renamed = notes.renamed;
        self.summary.shared_names = notes.shared;
        Ok(())
    }

    /// Whether the contact at `place` is kept, checking that the files did
    /// not change since the first reading: a kept record must be a finished
    /// contact initiated inside the span that reading found.
    fn keeps(&self, place: u64, converted: &Converted, path: &Path) -> Result<bool, IngestError> {
        if !self.kept.contains(place) {
            return Ok(false);
        }
        match (converted, self.initiation_span) {
            (Converted::Contact(c), Some((a, b))) if (a..=b).contains(&c.initiated_ms) => Ok(true),
            _ => Err(changed(path)),
        }
    }
}

/// Reads every record of `files` fully, in order; with `index` (from the
/// first reading of the same files), calls `visit` with the kept contacts,
/// renamed, and returns the renames and shared names it met.
fn second_reading(
    files: &[PathBuf],
    index: Option<&RecordIndex>,
    mut visit: impl FnMut(ObservedContact),
) -> Result<NameNotes, IngestError> {
    let mut applied = index.map(|i| i.renames.tally());
    let mut place = 0u64;
    for (f, path) in files.iter().enumerate() {
        let mut stream = open(path)?;
        let first = place;
        while let Some(converted) = stream.next_value(parse_record)? {
            if let Some(index) = index {
                if index.keeps(place, &converted, path)? {
                    if let (Converted::Contact(mut c), Some(applied)) = (converted, &mut applied) {
                        index.renames.apply(&mut c, applied);
                        index.agent_queues.apply(&mut c);
                        visit(*c);
                    }
                }
            }
            place += 1;
        }
        if index.is_some_and(|i| i.per_file.get(f) != Some(&(place - first))) {
            return Err(changed(path));
        }
    }
    Ok(applied.map(|a| a.finish()).unwrap_or_default())
}

/// A file whose records differ between the two readings.
fn changed(path: &Path) -> IngestError {
    IngestError::read(
        path,
        io::Error::other(
            "the file changed while it was read (contact records are read twice: to \
             deduplicate, then to estimate); read a copy nothing writes to",
        ),
    )
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
    let (problem, expects_object) = in_record_terms(problem);
    // The hint fits the mistake: a duplicated key, a count that is not a
    // whole number of 0 or more, a number written as a string, a value
    // where an object belongs.
    let hint = if problem.starts_with("duplicate field") {
        "a record names each field once — keep the one Connect wrote and remove the other"
    } else if field.ends_with("Holds") || field.ends_with("Attempts") {
        "write it as a whole number, 0 or more, as Connect does: 2, not \"2\", 2.5 or -2"
    } else if field.ends_with("Duration") {
        "write it as a number of seconds, 0 or more, as Connect does: 7, not \"7\""
    } else if expects_object {
        "write it as Connect's contact record data model does: an object of its fields ({\"Name\": …, …}), or null when the contact has none"
    } else if problem.ends_with("expected a string") {
        "write it as Connect's contact record data model does: a string, or null"
    } else {
        "write it as Connect's contact record data model does (a string, a number, an object or null, as the field is)"
    };
    IngestError::Field {
        at: Box::new(at.location(path)),
        field,
        problem,
        hint,
    }
}

/// serde's message in the record's terms: a field that holds an object
/// ("expected struct RawQueue", or "invalid length 0, expected struct
/// RawAgent with 10 elements" for an array) is said to expect an object,
/// without the reader's own type names. Returns the message and whether
/// the field expects an object.
fn in_record_terms(problem: String) -> (String, bool) {
    let Some(i) = problem.find(", expected struct ") else {
        return (problem, false);
    };
    let found = &problem[..i];
    let found = if found.starts_with("invalid length") {
        "invalid type: an array"
    } else {
        found
    };
    (format!("{found}, expected an object"), true)
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
